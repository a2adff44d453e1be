"""Small helpers for running SQL on a DuckDB connection."""

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: Any = None) -> Any:
    """The first column of the first row (None when there is no row), with the result consumed."""
    rows = (
        con.execute(query, params).fetchall()
        if params is not None
        else con.execute(query).fetchall()
    )
    return rows[0][0] if rows else None
