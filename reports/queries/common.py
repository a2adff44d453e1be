"""What several pages read: the warehouse's shape, week bounds, opt-outs, the chat's weeks,
account names and the week's questions."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from config.chat import ChatSettings, text_key
from warehouse.sql import sql_query


def query(name: str, **identifiers: str) -> str:
    """The report query `sql/<name>.sql`, its fragments filled in."""
    return sql_query("reports.queries", name, **identifiers)


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    """The result as a polars frame; DuckDB's decimal sums become integers or floats."""
    result = con.sql(sql, params=params or {}).pl()
    casts = {
        name: pl.Int64 if dtype.scale == 0 else pl.Float64  # type: ignore[attr-defined]
        for name, dtype in result.schema.items()
        if isinstance(dtype, pl.Decimal)
    }
    return result.cast(casts) if casts else result  # type: ignore[arg-type]


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pl.DataFrame:
    """The report query `name` run with `params`, as a polars frame."""
    return frame(con, query(name), params)


@dataclass(frozen=True)
class Shape:
    """The warehouse's tables and columns, with their types and COMMENTs."""

    columns: dict[str, tuple[str, ...]]
    comments: dict[tuple[str, str], str]
    types: dict[tuple[str, str], str]


def warehouse_shape(con: duckdb.DuckDBPyConnection) -> Shape:
    """The tables and columns of core, marts and quarantine, in column order."""
    columns: dict[str, list[str]] = {}
    comments: dict[tuple[str, str], str] = {}
    types: dict[tuple[str, str], str] = {}
    for table, column, comment, data_type in con.execute(query("warehouse_shape")).fetchall():
        columns.setdefault(table, []).append(column)
        types[(table, column)] = data_type
        if comment:
            comments[(table, column)] = comment
    return Shape({t: tuple(c) for t, c in columns.items()}, comments, types)


def identifier(name: str) -> str:
    """A column name (taken from duckdb_columns, never from data) quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def week_bounds(chat: ChatSettings, week_start: date) -> tuple[datetime, datetime]:
    """The instants the week starts and ends: Monday 00:00 local and the next Monday 00:00."""
    zone = ZoneInfo(chat.timezone)
    begins = datetime.combine(week_start, time(), zone)
    ends = datetime.combine(week_start + timedelta(days=7), time(), zone)
    return begins, ends


@dataclass(frozen=True)
class OptOut:
    """The accounts that opted out: `platform:account_id` keys and their handles (lower-case)."""

    keys: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()

    def has(self, platform: str, account_id: str) -> bool:
        """Whether this account opted out."""
        return f"{platform}:{account_id}" in self.keys


def resolve_opt_out(
    con: duckdb.DuckDBPyConnection, opt_out: Collection[str], respect_nobot: bool = True
) -> OptOut:
    """The accounts named by `platform:account_id` or `platform:handle` entries (id or handle),
    and with `respect_nobot` those whose record asks not to be indexed (#nobot, noindex, ...)."""
    platforms, values, value_keys = [], [], []
    for entry in opt_out:
        platform, _, value = entry.strip().partition(":")
        value = value.strip()
        if not platform or not value:
            continue
        platforms.append(platform.strip().lower())
        values.append(value)
        value_keys.append(text_key(value.lstrip("@")))
    if not platforms and not respect_nobot:
        return OptOut()
    rows = con.sql(
        query("resolve_opt_out"),
        params={
            "platforms": platforms,
            "values": values,
            "value_keys": value_keys,
            "respect_nobot": respect_nobot,
        },
    ).fetchall()
    keys = sorted({row[0] for row in rows})
    handles = sorted({row[1] for row in rows if row[1]} | set(value_keys))
    return OptOut(tuple(keys), tuple(handles))


def week_has_scores(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> bool:
    """Whether any account_week row of the chat-week has an influence score (pages rank by
    engagements received when none has, as before the influence step has run)."""
    found = con.execute(query("week_has_scores"), {"chat": chat, "week": week_start}).fetchall()
    return bool(found[0][0])


def chat_weeks(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """Every chat_week row of the chat up to this week, oldest first, with all its columns."""
    return run(con, "chat_weeks", {"chat": chat, "up_to": up_to})


def account_names(
    con: duckdb.DuckDBPyConnection, accounts: pl.DataFrame, opt_out: OptOut
) -> pl.DataFrame:
    """handle, display_name and is_opted_out of the accounts (platform, account_id) given."""
    con.register("accounts_named", accounts.select("platform", "account_id").unique())
    try:
        return run(con, "account_names", {"opted_out": list(opt_out.keys)})
    finally:
        con.unregister("accounts_named")


def questions(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut
) -> pl.DataFrame:
    """The week's question_week rows, by question number; is_opted_out when its author opted
    out."""
    params = {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys)}
    return run(con, "questions", params)
