"""Write the HTML reports: a sponsor page and a recap per chat-week, a community page per chat,
a page per participant, and the index of them all.

Layout under out_dir (links between pages are relative, so the folder can be moved or served):

    index.html
    data-dictionary.html                            every schema, table, column and lineage
    assets/plotly.min.js, assets/report.css        written once, shared by every page
    <chat>/community.html
    <chat>/<YYYY-Www>/sponsor.html
    <chat>/<YYYY-Www>/recap.html, recap.md             the host's recap, as a page and Markdown
    <chat>/participants/<platform>-<safe id>.html

Every file is written to a temporary name in its folder and moved into place, so a reader never
sees half a page. Accounts that opted out (and, with `respect_nobot`, those that ask not to be
indexed) are never named and their posts never shown; their numbers still count in totals.
"""

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from config.chat import ChatSettings
from reports.community import community_page
from reports.dictionary_page import PAGE as DICTIONARY_PAGE
from reports.dictionary_page import dictionary_page
from reports.index_page import index_page
from reports.pages import PageContext, now_utc
from reports.participants import write_participant_pages
from reports.queries import common as queries
from reports.recap import recap, recap_markdown, recap_page
from reports.site import Site, write_atomic
from reports.sponsor import sponsor_page
from transforms import weeks as chat_calendar

__all__ = ["last_complete_week", "write_atomic", "write_index", "write_week_reports"]


def last_complete_week(chat: ChatSettings, now: datetime | None = None) -> date:
    """The latest week (its Monday) whose week_end has passed in the chat's time zone.

    A naive `now` is taken as UTC.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return chat_calendar.last_complete_week(chat.timezone, now)


def write_week_reports(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    out_dir: Path,
    opt_out: Collection[str] = (),
    *,
    respect_nobot: bool = True,
) -> list[Path]:
    """Write the sponsor page and the recap of this chat-week, the community page of the chat,
    the participant pages of the week's participants, and the index; return every path
    written (absolute).

    With `respect_nobot`, accounts that ask not to be indexed are hidden like opted-out ones."""
    site = Site(Path(out_dir).resolve())
    shape = queries.warehouse_shape(con)
    hidden = queries.resolve_opt_out(con, opt_out, respect_nobot)
    context = PageContext(con, chat, week_start, shape, hidden, site, now_utc())
    written = site.write_assets()
    site.remove_opted_out(chat.slug, hidden)
    written += write_participant_pages(context)
    context.pages = site.participant_pages(chat.slug)
    written.append(site.write(site.community_path(chat.slug), community_page(context)))
    written.append(site.write(site.sponsor_path(chat.slug, week_start), sponsor_page(context)))
    content = recap(context)
    written.append(site.write(site.recap_path(chat.slug, week_start), recap_page(context, content)))
    written.append(
        site.write(site.recap_path(chat.slug, week_start, ".md"), recap_markdown(context, content))
    )
    written.append(write_index(con, [chat], out_dir, opt_out=opt_out, respect_nobot=respect_nobot))
    written.append(site.root / DICTIONARY_PAGE)  # write_index writes it beside the index
    return written


def write_index(
    con: duckdb.DuckDBPyConnection,
    chats: Sequence[ChatSettings],
    out_dir: Path,
    opt_out: Collection[str] = (),
    *,
    respect_nobot: bool = True,
) -> Path:
    """The index of every chat, week and page, newest first.

    It lists the pages that exist under out_dir. `opt_out` keeps opted-out accounts' names
    out of the list even when an old page of theirs is still on disk. The data dictionary page
    it links to is written beside it.
    """
    site = Site(Path(out_dir).resolve())
    site.write_assets()
    site.write(site.root / DICTIONARY_PAGE, dictionary_page(con))
    hidden = queries.resolve_opt_out(con, opt_out, respect_nobot)
    return site.write(site.index_path, index_page(con, list(chats), site, hidden))
