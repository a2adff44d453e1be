"""Bounds on what DuckDB may use: memory, and temp files spilled to disk.

Without them a query whose plan goes wrong at scale spills until the disk is full, and the
machine's other work fails with it. With them it fails at once with one line naming the step
and the limit, inside its transaction, so the warehouse stays as it was.
"""

import re

import duckdb

from config.settings import SIZE


class LimitExceeded(RuntimeError):
    """A step needed more memory or temp space than the configuration allows."""


def apply_limits(con: duckdb.DuckDBPyConnection, memory_limit: str, temp_limit: str) -> None:
    """Set the connection's memory and temp-file limits (sizes such as "2GiB", checked)."""
    for name, value in (("memory_limit", memory_limit), ("max_temp_directory_size", temp_limit)):
        if not re.match(SIZE, value):
            raise ValueError(f"{name}: '{value}' is not a size such as 2GiB")
        con.execute(f"set {name} = '{value.strip()}'")


def limit_exceeded(con: duckdb.DuckDBPyConnection, what: str, error: Exception) -> LimitExceeded:
    """The one-line error for `what` (a step) that ran out of its memory or temp space."""
    try:
        memory, temp = con.execute(
            "select current_setting('memory_limit'), current_setting('max_temp_directory_size')"
        ).fetchone() or ("?", "?")
    except duckdb.Error:  # an aborted transaction answers nothing until rolled back
        memory, temp = "?", "?"
    cause = "temp files" if "max_temp_directory_size" in str(error) else "memory"
    return LimitExceeded(
        f"{what}: needed more {cause} than allowed ([warehouse] memory_limit = {memory}, "
        f"temp_limit = {temp}); nothing was published"
    )
