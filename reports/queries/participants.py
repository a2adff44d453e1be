"""What the participant pages read: the week's participants and each one's weeks."""

from datetime import date

import duckdb
import polars as pl

from config.chat import ChatSettings
from reports.queries.common import OptOut, run


def week_participants(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut
) -> pl.DataFrame:
    """The week's participants (platform, account_id) who did not opt out."""
    params = {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys)}
    return run(con, "week_participants", params)


def participant_weeks(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    up_to: date,
    accounts: pl.DataFrame,
) -> pl.DataFrame:
    """Every chat week from each account's first account_week row to this week, with its row.

    Weeks without a row have null metrics and participated false.
    """
    con.register("accounts_wanted", accounts.select("platform", "account_id").unique())
    try:
        return run(con, "participant_weeks", {"chat": chat.slug, "up_to": up_to})
    finally:
        con.unregister("accounts_wanted")
