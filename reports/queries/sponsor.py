"""What the sponsor page (and the weekly mail) reads: the headline, the top contributors and
posts, the sponsors' week, links and the lift."""

from datetime import date

import duckdb
import polars as pl

from config.chat import ChatSettings
from reports.queries.common import OptOut, frame, identifier, query, run, week_bounds


def headline(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> pl.DataFrame:
    """The chat_week headline numbers of this week and the previous one (0 to 2 rows)."""
    return run(con, "headline", {"chat": chat, "week": week_start})


def top_contributors(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    order_column: str,
    opt_out: OptOut,
    limit: int = 10,
) -> pl.DataFrame:
    """The week's participants with the highest order_column, with every account_week column."""
    sql = query("top_contributors", order=identifier(order_column))
    params = {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)}
    return frame(con, sql, params).with_row_index("position", offset=1)


def top_posts(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
    limit: int = 5,
) -> pl.DataFrame:
    """The week's non-repost chat posts with the most likes, reposts, replies and quotes.

    Posts by opted-out accounts are left out.
    """
    begins, ends = week_bounds(chat, week_start)
    params = {
        "hashtag_keys": chat.hashtag_keys,
        "week_begins": begins,
        "week_ends": ends,
        "limit": limit,
        "opted_out": list(opt_out.keys),
    }
    return run(con, "top_posts", params).with_row_index("position", offset=1)


def _sponsor_params(chat: ChatSettings, week_start: date, opt_out: OptOut) -> dict:
    return {
        "chat": chat.slug,
        "week": week_start,
        "sponsor_keys": chat.sponsor_keys,
        "opted_out": list(opt_out.keys),
    }


def sponsor_summary(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
) -> pl.DataFrame:
    """The week's marts.sponsor_week rows, one per sponsor handle, and whether the sponsor
    opted out."""
    return run(con, "sponsor_summary", _sponsor_params(chat, week_start, opt_out))


def sponsor_posts(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
    limit: int = 5,
) -> pl.DataFrame:
    """The week's most engaging marts.sponsor_posts, each post once (opted-out authors left
    out), with their text and counts from core.posts."""
    params = _sponsor_params(chat, week_start, opt_out) | {"limit": limit}
    return run(con, "sponsor_posts", params).with_row_index("position", offset=1)


def links(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, limit: int = 10
) -> pl.DataFrame:
    """The week's most shared links: most shares, then sharers, then reposts."""
    params = {"chat": chat, "week": week_start, "limit": limit}
    return run(con, "links", params).with_row_index("position", offset=1)


def lift(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """The chat_lift rows of the chat up to this week, oldest first."""
    return run(con, "lift", {"chat": chat, "up_to": up_to})
