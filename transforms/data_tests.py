"""Data tests: queries over the marts that must return no rows. Each hand-written one is a
file in data_tests/; the uniqueness tests are made from the data dictionary's keys."""

from importlib import resources

import duckdb

from schemas.dictionary import TABLES
from warehouse.sql import sql_query


def data_tests() -> dict[str, str]:
    """Each data test's name and SQL, sorted by name."""
    folder = resources.files("transforms") / "data_tests"
    written = {
        entry.name.removesuffix(".sql"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    }
    return dict(sorted({**written, **key_tests()}.items()))


def key_tests() -> dict[str, str]:
    """One test per core and marts table: no two rows share the dictionary's key."""
    return {
        f"{table.name.replace('.', '_')}_one_row_per_key": sql_query(
            "transforms", "checks/one_row_per_key", table=table.name, key=", ".join(table.key)
        )
        for table in TABLES
    }


def failing_rows(con: duckdb.DuckDBPyConnection, sql: str, limit: int = 5) -> list[tuple]:
    """The first rows a data test returns (none when the data is sound)."""
    return con.execute(f"select * from ({sql}) limit {int(limit)}").fetchall()  # noqa: S608
