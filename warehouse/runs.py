"""`ops.runs`: one row per run, written at its start and completed at its end."""

import uuid
from datetime import UTC, datetime

import duckdb


def new_run_id(flow: str) -> str:
    """A run id that sorts by time and says which flow it was."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{flow}-{uuid.uuid4().hex[:8]}"


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow: str, chat: str | None) -> None:
    """Record the run as running; runs a killed process left running are marked interrupted."""
    con.execute(
        "update ops.runs set status = 'interrupted', finished_at = now() where status = 'running'"
    )
    con.execute(
        "insert into ops.runs (run_id, flow, chat, started_at, status) "
        "values (?, ?, ?, now(), 'running')",
        [run_id, flow, chat],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    rows_in: int = 0,
    rows_rejected: int = 0,
    message: str | None = None,
) -> None:
    """Record how the run ended."""
    con.execute(
        "update ops.runs set finished_at = now(), status = ?, rows_in = ?, rows_rejected = ?, "
        "message = ? where run_id = ?",
        [status, rows_in, rows_rejected, message, run_id],
    )
