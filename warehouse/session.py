"""A recorded write session: the write model plus the run's row in `ops.runs`."""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from config.settings import WarehouseSettings
from warehouse.load import LoadCounts
from warehouse.publish import has_changes, interrupted_runs, note_run, writing
from warehouse.runs import new_run_id, record_run


@dataclass
class RunSession:
    """The connection of a write session and what its run has done so far."""

    con: duckdb.DuckDBPyConnection
    run_id: str
    counts: LoadCounts = field(default_factory=LoadCounts)
    problems: list[str] = field(default_factory=list)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changed: bool = True
    """Whether the run changed the warehouse (known when it ends); if not, nothing was
    written: no publish, no ops.runs row."""

    def add(self, counts: LoadCounts) -> None:
        """Count a load's rows into the run."""
        self.counts += counts

    def problem(self, message: str) -> None:
        """Note an input that could not be loaded; the run ends as failed but publishes the rest."""
        self.problems.append(message)


def configured_writing(
    warehouse: WarehouseSettings,
) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """`writing` with the configured lock wait and DuckDB limits."""
    return writing(
        warehouse.path,
        warehouse.lock_timeout_seconds,
        warehouse.memory_limit,
        warehouse.temp_limit,
    )


@contextmanager
def recorded_run(
    warehouse: WarehouseSettings, flow: str, chat: str | None, flow_run_id: str | None = None
) -> Iterator[RunSession]:
    """A write session whose run is recorded in ops.runs (with the Prefect flow run's id when
    it is one) and published when it ends.

    Inputs noted with `problem` end the run as failed, yet the records that loaded are
    published; an exception publishes nothing. A run that changed nothing (and had no problem)
    writes nothing at all.
    """
    with configured_writing(warehouse) as con:
        session = RunSession(con, new_run_id(flow))
        note_run(con, {"run_id": session.run_id, "flow": flow, "chat": chat,
                       "started_at": session.started_at.isoformat(),
                       "flow_run_id": flow_run_id})  # fmt: skip
        yield session
        session.changed = bool(session.problems) or has_changes(con)
        if session.changed:
            for killed in interrupted_runs(con):
                record_run(
                    con,
                    killed["run_id"],
                    killed["flow"],
                    killed["chat"],
                    datetime.fromisoformat(killed["started_at"]),
                    "interrupted",
                    flow_run_id=killed.get("flow_run_id"),
                )
            record_run(
                con,
                session.run_id,
                flow,
                chat,
                session.started_at,
                "failed" if session.problems else "succeeded",
                session.counts.rows_in,
                session.counts.rejected,
                "; ".join(session.problems)[:2000] or None,
                flow_run_id,
            )
