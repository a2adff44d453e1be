"""Data tests: queries over the marts that must return no rows (one file each in data_tests/)."""

from importlib import resources

import duckdb


def data_tests() -> dict[str, str]:
    """Each data test's name and SQL, sorted by name."""
    folder = resources.files("transforms") / "data_tests"
    return {
        entry.name.removesuffix(".sql"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".sql")
    }


def failing_rows(con: duckdb.DuckDBPyConnection, sql: str, limit: int = 5) -> list[tuple]:
    """The first rows a data test returns (none when the data is sound)."""
    return con.execute(f"select * from ({sql}) limit {int(limit)}").fetchall()  # noqa: S608
