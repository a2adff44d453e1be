"""Small helpers for running SQL on a DuckDB connection."""

import contextlib
import functools
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import duckdb


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction around the block: committed when it ends, rolled back when it raises
    (the block's error is the one seen, even when the rollback fails too)."""
    con.begin()
    try:
        yield con
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.rollback()
        raise
    con.commit()


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: Any = None) -> Any:
    """The first column of the first row (None when there is no row), with the result consumed."""
    rows = (
        con.execute(query, params).fetchall()
        if params is not None
        else con.execute(query).fetchall()
    )
    return rows[0][0] if rows else None


def iso_utc(expression: str) -> str:
    """SQL text of a timestamptz as UTC ISO 8601 (`2026-11-16T20:00:00Z`, with microseconds
    only when it has them), for a session whose time zone is UTC."""
    return (
        f"case when microsecond({expression}) % 1000000 = 0 "
        f"then strftime({expression}, '%Y-%m-%dT%H:%M:%SZ') "
        f"else strftime({expression}, '%Y-%m-%dT%H:%M:%S.%fZ') end"
    )


@functools.cache
def sql_file(package: str, path: str) -> str:
    """The text of the hand-written SQL file `path` (`sql/name.sql`) inside `package`."""
    return (resources.files(package) / path).read_text(encoding="utf-8")


_SLOT = re.compile(r"\{\{ (\w+) \}\}")


def sql_query(package: str, name: str, **identifiers: str) -> str:
    """The query `sql/<name>.sql` of `package` with each `{{ slot }}` filled: by the value
    passed for it (a quoted identifier or a number of ours, never data), else by the text of
    the fragment `<slot>.sql` in the query's folder."""
    folder = name.rpartition("/")[0]

    def fill(match: re.Match[str]) -> str:
        slot = match[1]
        if slot in identifiers:
            return identifiers[slot]
        return sql_query(package, f"{folder}/{slot}" if folder else slot, **identifiers)

    return _SLOT.sub(fill, sql_file(package, f"sql/{name}.sql"))
