"""`ops.runs`: one row per run that changed the warehouse, written when it ends."""

import uuid
from datetime import UTC, datetime

import duckdb


def new_run_id(flow: str) -> str:
    """A run id that sorts by time and says which flow it was."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{flow}-{uuid.uuid4().hex[:8]}"


def record_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    flow: str,
    chat: str | None,
    started_at: datetime,
    status: str,
    rows_in: int = 0,
    rows_rejected: int = 0,
    message: str | None = None,
    flow_run_id: str | None = None,
) -> None:
    """Record a run and how it ended (again for the same run: its latest state); runs left
    running by others are marked interrupted."""
    con.execute(
        "update ops.runs set status = 'interrupted', finished_at = now() where status = 'running'"
    )
    con.execute(
        "insert into ops.runs (run_id, flow, chat, started_at, finished_at, status, rows_in, "
        "rows_rejected, message, flow_run_id) values (?, ?, ?, ?, now(), ?, ?, ?, ?, ?) "
        # a long run (listening) records itself as running with each write, then as ended
        "on conflict (run_id) do update set finished_at = now(), status = excluded.status, "
        "rows_in = excluded.rows_in, rows_rejected = excluded.rows_rejected, "
        "message = excluded.message",
        [run_id, flow, chat, started_at, status, rows_in, rows_rejected, message, flow_run_id],
    )
