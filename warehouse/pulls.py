"""Pulls that resume where the last one stopped: fetch, load and move the cursor together."""

from datetime import datetime

import duckdb

from config.settings import ChatSettings, DemoSource
from sources.simulated import pull_simulated
from warehouse.cursors import get_cursor, set_cursor
from warehouse.ingest import load_records
from warehouse.load import LoadCounts


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
        con, pull_simulated(demo, chat, since, until), source="demo",
        origin=f"demo seed {demo.seed}", run_id=run_id, after_load=move_cursor,
    )
