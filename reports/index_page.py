"""The index of every chat, week and page, newest first."""

import duckdb
import polars as pl

from config.chat import ChatSettings
from reports.links import page_name
from reports.pages import now_utc, render_template, who
from reports.queries import index as queries
from reports.queries.common import OptOut
from reports.site import PARTICIPANTS, Site


def _chats_on_disk(con: duckdb.DuckDBPyConnection, site: Site, known: set[str]) -> list[str]:
    """Slugs of other chats that have pages under the folder and weeks in the warehouse, so
    writing one chat's index does not drop the others."""
    if not site.root.is_dir():
        return []
    folders = {
        path.name
        for path in site.root.iterdir()
        if path.is_dir() and path.name not in known and (path / "community.html").exists()
    }
    if not folders:
        return []
    built = set(queries.index_weeks(con, sorted(folders))["chat"].to_list())
    return sorted(folders & built)


def index_page(
    con: duckdb.DuckDBPyConnection, chats: list[ChatSettings], site: Site, hidden: OptOut
) -> str:
    """The index page: for each chat its community page, weeks and participant pages."""
    titles = {chat.slug: "#" + ", #".join(chat.hashtags) for chat in chats}
    for slug in _chats_on_disk(con, site, set(titles)):
        titles[slug] = slug
    slugs = list(titles)
    weeks = queries.index_weeks(con, slugs)
    participants = queries.index_participants(con, slugs, hidden).filter(~pl.col("is_opted_out"))
    entries = []
    for slug, title in titles.items():
        existing = site.participant_pages(slug)
        chat_weeks = weeks.filter(pl.col("chat") == slug).to_dicts()
        for week in chat_weeks:
            path = site.sponsor_path(slug, week["week_start"])
            week["href"] = f"{slug}/{week['week_label']}/sponsor.html" if path.exists() else None
            recap_written = site.recap_path(slug, week["week_start"]).exists()
            week["recap"] = f"{slug}/{week['week_label']}/recap.html" if recap_written else None
        people = (
            participants.filter(pl.col("chat") == slug)
            .with_columns(
                pl.struct("platform", "account_id")
                .map_elements(
                    lambda a: page_name(a["platform"], a["account_id"]), return_dtype=pl.String
                )
                .alias("page")
            )
            .filter(pl.col("page").is_in(list(existing)))
        )
        rows = people.to_dicts()
        for row in rows:
            row["who"] = who(
                row["platform"],
                row["account_id"],
                row["handle"],
                row["display_name"],
                False,
                f"{slug}/{PARTICIPANTS}/{row['page']}",
            )
        entries.append(
            {
                "slug": slug,
                "title": title,
                "community": f"{slug}/community.html"
                if site.community_path(slug).exists()
                else None,
                "weeks": chat_weeks,
                "participants": rows,
            }
        )
    return render_template(
        "index.html.j2",
        title="chatreach reports",
        root="",
        entries=entries,
        generated_at=f"{now_utc():%Y-%m-%d %H:%M} UTC",
        uses_charts=False,
    )
