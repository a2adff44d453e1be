"""What the community page reads: retention cohorts, the influence bands, rising accounts,
gaming signals and the quarantine."""

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from reports.queries.common import OptOut, run


def retention_cohorts(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """marts.cohort_retention up to this week: per first-week cohort and weeks since, the share
    of the cohort taking part that week (weeks_later 0 is the cohort's own week)."""
    return run(con, "retention_cohorts", {"chat": chat, "up_to": up_to})


@dataclass(frozen=True)
class RetentionGrid:
    """The cohorts as a grid, for the heatmap and its table alike."""

    rows: pl.DataFrame
    """A row per cohort, oldest first: cohort, cohort_label, cohort_size, and the share taking
    part n weeks later in a column named str(n)."""
    offsets: list[int]
    """The weeks-later offsets, in order."""


def retention_grid(cohorts: pl.DataFrame) -> RetentionGrid:
    """`retention_cohorts` pivoted: a row per cohort, a column per weeks-later offset."""
    rows = cohorts.pivot(
        on="weeks_later",
        index=["cohort", "cohort_label", "cohort_size"],
        values="share",
        sort_columns=False,
    ).sort("cohort")
    return RetentionGrid(rows, sorted(cohorts["weeks_later"].unique().to_list()))


def influence_distribution(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date
) -> pl.DataFrame:
    """The week's participants counted by influence_score band (0–10, 10–20, …, 90–100)."""
    return run(con, "influence_distribution", {"chat": chat, "week": week_start})


def rising_accounts(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    limit: int = 10,
) -> pl.DataFrame:
    """The week's marts.rising_accounts rows with a gain, largest first, with names."""
    params = {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)}
    return run(con, "rising_accounts", params).with_row_index("position", offset=1)


def gaming_signals(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut, limit: int = 100
) -> pl.DataFrame:
    """The chat-week's gaming_signals rows by signal and account, with the account's names."""
    params = {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)}
    return run(con, "gaming_signals", params)


def gaming_history(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, weeks: int = 12
) -> pl.DataFrame:
    """Flags per week and signal over the last weeks, newest first (a column per signal)."""
    counted = run(con, "gaming_history", {"chat": chat, "week": week_start, "days": 7 * weeks})
    if not counted.height:
        return counted
    wide = counted.pivot(on="signal", index=["week_start", "week_label"], values="signals")
    return wide.fill_null(0)


def rejected_by_reason(con: duckdb.DuckDBPyConnection, limit: int = 30) -> pl.DataFrame:
    """Quarantined records counted by source, kind and reason (quoted values left out)."""
    return run(con, "rejected_by_reason", {"limit": limit})


def rejected_total(con: duckdb.DuckDBPyConnection) -> int:
    """How many records quarantine.rejected holds."""
    rows = con.execute("select count(*) from quarantine.rejected").fetchall()
    return int(rows[0][0])


def accounts_per_week(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """Per week: how many account_week rows it has (the scale of accounts without follower data)."""
    return run(con, "accounts_per_week", {"chat": chat, "up_to": up_to})
