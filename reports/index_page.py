"""The index of every chat, week and page, newest first."""


import duckdb
import polars as pl

from config.settings import ChatSettings
from reports import queries
from reports.links import page_name
from reports.pages import (
    now_utc,
    render_template,
    who,
)
from reports.queries import (
    OptOut,
)
from reports.site import PARTICIPANTS, Site


def index_page(
    con: duckdb.DuckDBPyConnection, chats: list[ChatSettings], site: Site, hidden: OptOut
) -> str:
    slugs = [chat.slug for chat in chats]
    weeks = queries.index_weeks(con, slugs)
    participants = queries.index_participants(con, slugs, hidden).filter(~pl.col("is_opted_out"))
    entries = []
    for chat in chats:
        existing = site.participant_pages(chat.slug)
        chat_weeks = weeks.filter(pl.col("chat") == chat.slug).to_dicts()
        for week in chat_weeks:
            path = site.sponsor_path(chat.slug, week["week_start"])
            week["href"] = (
                f"{chat.slug}/{week['week_label']}/sponsor.html" if path.exists() else None
            )
        people = participants.filter(pl.col("chat") == chat.slug).with_columns(
            pl.struct("platform", "account_id")
            .map_elements(lambda a: page_name(a["platform"], a["account_id"]),
                          return_dtype=pl.String)
            .alias("page")
        ).filter(pl.col("page").is_in(list(existing)))
        rows = people.to_dicts()
        for row in rows:
            row["who"] = who(row["platform"], row["account_id"], row["handle"],
                              row["display_name"], False,
                              f"{chat.slug}/{PARTICIPANTS}/{row['page']}")
        entries.append(
            {
                "chat": chat,
                "community": f"{chat.slug}/community.html"
                if site.community_path(chat.slug).exists() else None,
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
