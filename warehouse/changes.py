"""The change log, ops.changes: what a load, a purge or a deletion tells the next builds.

A chat's build reads the changes since its last one (ops.builds); a chat never built builds
in full and reads none. So while no chat has been built the log is written for nobody, and a
first year's ingest skips its millions of rows.
"""

import duckdb

from warehouse.sql import scalar


def change_log_is_read(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a build will read changes recorded now: some chat has been built."""
    return bool(scalar(con, "select exists (select 1 from ops.builds)"))
