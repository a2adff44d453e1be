"""What the site's index reads: every chat week and every participant of the chats."""

from collections.abc import Iterable

import duckdb
import polars as pl

from reports.queries.common import OptOut, run


def index_weeks(con: duckdb.DuckDBPyConnection, chats: Iterable[str]) -> pl.DataFrame:
    """Every chat week of these chats, newest first, with its participants and posts."""
    return run(con, "index_weeks", {"chats": list(chats)})


def index_participants(
    con: duckdb.DuckDBPyConnection, chats: Iterable[str], opt_out: OptOut
) -> pl.DataFrame:
    """Every account that took part in these chats, with its last week; newest first."""
    return run(con, "index_participants", {"chats": list(chats), "opted_out": list(opt_out.keys)})
