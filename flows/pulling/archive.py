"""Pulls from files: a twarc2 archive line batch by line batch, and the simulator's chat."""

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from config.chat import ChatSettings
from config.sources import DemoSource
from flows.pulling.pages import PageHook, load_pages
from flows.pulling.result import PullResult
from sources.simulated import pull_simulated
from sources.twarc import LINES_PER_BATCH, read_twarc_batches
from warehouse.cursors import PullKey, get_cursor, set_cursor
from warehouse.ingest import RAW_BODY_LIMIT, file_digest, load_records
from warehouse.load import LoadCounts, land_raw
from warehouse.sql import transaction


def pull_demo(
    con: duckdb.DuckDBPyConnection,
    demo: DemoSource,
    chat: ChatSettings,
    until: datetime,
    run_id: str,
) -> LoadCounts:
    """Load what the simulator produced since the chat's last demo pull, up to `until`."""
    cursor = get_cursor(con, chat.slug, "demo", "simulate")
    since = datetime.fromisoformat(cursor) if cursor else None
    if since is not None and since >= until:
        return LoadCounts()

    def move_cursor() -> None:
        set_cursor(con, chat.slug, "demo", "simulate", until.isoformat())

    return load_records(
        con,
        pull_simulated(demo, chat, since, until),
        source="demo",
        origin=f"demo seed {demo.seed}",
        run_id=run_id,
        after_load=move_cursor,
    )


def load_twarc(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    chat: str,
    *,
    run_id: str,
    after_page: PageHook | None = None,
    lines_per_batch: int = LINES_PER_BATCH,
) -> PullResult:
    """Load a twarc2 archive: the file lands in raw like any file, then its lines are loaded
    `lines_per_batch` at a time, each batch in one transaction (posts, accounts, snapshots; an
    unreadable line quarantined with its line number), resuming after the last committed line
    of the same archive."""
    path = Path(path).resolve()
    digest, size = file_digest(path)
    result = PullResult(chat, "twarc", "archive", "archive")
    with transaction(con):
        land_raw(
            con,
            source="files",
            endpoint="twarc",
            origin=str(path),
            received_at=datetime.now(UTC),
            body=path.read_bytes() if size <= RAW_BODY_LIMIT else None,
            digest=digest,
            byte_count=size,
            run_id=run_id,
        )
    key = PullKey(chat, "twarc", "archive")
    identity = f"sha256 {digest}"
    pending, stored = key.get(con, ""), key.get(con, "pull")
    cursor = pending if pending is not None and stored == identity else None
    result.resumed = cursor is not None
    pages = read_twarc_batches(path, cursor=cursor, report=result.report, lines=lines_per_batch)
    load_pages(
        con,
        pages,
        key,
        None if cursor else identity,
        result,
        run_id=run_id,
        land=False,
        after_page=after_page,
    )
    return result
