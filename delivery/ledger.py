"""`ops.deliveries` and `ops.weekly_runs`: who got which chat-week's report, which weeks are done.

Both tables are logs. A report is delivered to a recipient once: `delivered` says who already
has it, and the week's run skips them unless forced.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from config.settings import WarehouseSettings
from reports.volume import Volume
from warehouse.publish import WarehouseMissing, WarehouseOutdated, reading
from warehouse.session import configured_writing
from warehouse.sql import sql_file, transaction

SPONSOR_REPORT = "sponsor-report"
LOW_DATA_NOTE = "low-data-note"
CATCH_UP_WEEKS = 4
"""How far back a weekly run sends the sponsor reports that failed to reach a recipient."""


@dataclass(frozen=True)
class Delivery:
    """The outcome of sending one message of a chat-week to one recipient."""

    kind: str
    recipient: str
    sent: bool
    attempts: int
    message_id: str | None = None
    error: str | None = None


def delivered(con: duckdb.DuckDBPyConnection, chat: str, week_start: date, kind: str) -> set[str]:
    """The recipients who were sent this kind of message of the chat-week (lower-cased)."""
    rows = con.execute(
        "select distinct lower(recipient) from ops.deliveries "
        "where chat = ? and week_start = ? and kind = ? and status = 'sent'",
        [chat, week_start, kind],
    ).fetchall()
    return {row[0] for row in rows}


def completed_weeks(con: duckdb.DuckDBPyConnection, chat: str) -> set[date]:
    """The weeks of the chat with a successful weekly run recorded."""
    rows = con.execute(
        "select distinct week_start from ops.weekly_runs where chat = ?", [chat]
    ).fetchall()
    return {row[0] for row in rows}


def unsent_weeks(
    con: duckdb.DuckDBPyConnection, chat: str, before: date, weeks: int = CATCH_UP_WEEKS
) -> list[date]:
    """The weeks, up to `weeks` before `before`, whose sponsor report failed to reach a
    recipient who has still not been sent it; oldest first."""
    rows = con.execute(
        sql_file("delivery", "sql/unsent_weeks.sql"),
        {
            "chat": chat,
            "kind": SPONSOR_REPORT,
            "before": before,
            "since": before - timedelta(weeks=weeks),
        },
    ).fetchall()
    return [row[0] for row in rows]


def record_deliveries(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    deliveries: Iterable[Delivery],
    run_id: str | None,
) -> None:
    """Add one row per delivery (sent or failed), in one transaction."""
    rows = [
        [
            chat,
            week_start,
            d.kind,
            d.recipient,
            "sent" if d.sent else "failed",
            d.attempts,
            d.message_id,
            d.error,
            run_id,
        ]
        for d in deliveries
    ]
    if not rows:
        return
    with transaction(con):
        con.executemany(
            "insert into ops.deliveries (chat, week_start, kind, recipient, status, attempts, "
            "message_id, error, run_id, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
            rows,
        )


def record_completed(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    chat: str,
    week_start: date,
    posts: int | None,
    trailing_median_posts: float | None,
    is_low_data: bool,
) -> None:
    """Record that the weekly run of the chat-week succeeded (the week is complete)."""
    con.execute(
        "insert into ops.weekly_runs values (?, ?, ?, ?, ?, ?, now()) on conflict (run_id) do "
        "update set completed_at = excluded.completed_at",
        [run_id, chat, week_start, posts, trailing_median_posts, is_low_data],
    )


def published_delivered(
    warehouse: WarehouseSettings, chat: str, week_start: date, kind: str
) -> set[str]:
    """`delivered`, read from the published warehouse (nothing when it has no ledger yet)."""
    try:
        con = reading(warehouse.path)
    except (WarehouseMissing, WarehouseOutdated):
        return set()
    try:
        return delivered(con, chat, week_start, kind)
    finally:
        con.close()


def published_completed_weeks(warehouse: WarehouseSettings, chat: str) -> set[date]:
    """`completed_weeks`, read from the published warehouse (none when it has no ledger yet)."""
    try:
        con = reading(warehouse.path)
    except (WarehouseMissing, WarehouseOutdated):
        return set()
    try:
        return completed_weeks(con, chat)
    finally:
        con.close()


def published_unsent_weeks(warehouse: WarehouseSettings, chat: str, before: date) -> list[date]:
    """`unsent_weeks`, read from the published warehouse (none when it has no ledger yet)."""
    try:
        con = reading(warehouse.path)
    except (WarehouseMissing, WarehouseOutdated):
        return []
    try:
        return unsent_weeks(con, chat, before)
    finally:
        con.close()


def publish_outcome(
    warehouse: WarehouseSettings,
    run_id: str,
    chat: str,
    week_start: date,
    deliveries: list[Delivery],
    volume: Volume,
) -> bool:
    """Record the deliveries and, when none failed, the week as complete; then publish.

    Return whether the week is complete.
    """
    complete = all(d.sent for d in deliveries)
    with configured_writing(warehouse) as con:
        record_deliveries(con, chat, week_start, deliveries, run_id)
        if complete:
            record_completed(
                con,
                run_id,
                chat,
                week_start,
                volume.posts,
                volume.trailing_median_posts,
                volume.is_low,
            )
    return complete
