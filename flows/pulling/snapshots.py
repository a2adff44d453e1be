"""Snapshot pulls: the follower counts of the chat's participants, looked up page by page."""

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from config.chat import ChatSettings, text_key
from config.settings import PrivacySettings, Settings
from flows.pulling.pages import PageHook, load_pages, open_client
from flows.pulling.result import PullResult
from sources.connector import connector
from warehouse.cursors import PullKey
from warehouse.sql import sql_file


def participant_ids(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    platform: str,
    privacy: PrivacySettings,
    now: datetime,
) -> list[str]:
    """Account ids of the chat's participants on `platform`, sorted, per `snapshot_accounts`:
    "all" = authors of any chat post held, "recent:N" = of a chat post in the last N weeks.
    Opted-out accounts (by id or handle) are left out."""
    weeks = None if chat.snapshot_accounts == "all" else int(chat.snapshot_accounts[7:])
    start = now - timedelta(weeks=weeks) if weeks is not None else None
    opted = [
        entry.split(":", 1)[1]
        for entry in privacy.opt_out
        if entry.split(":", 1)[0] == platform and ":" in entry
    ]
    rows = con.execute(
        sql_file("flows.pulling", "participant_ids.sql"),
        {
            "platform": platform,
            "hashtags": chat.hashtag_keys,
            "start": start,
            "opted_ids": opted,
            "opted_keys": [text_key(value) for value in opted],
        },
    ).fetchall()
    return [row[0] for row in rows]


def pull_snapshots(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    chat: ChatSettings,
    source: str,
    *,
    run_id: str,
    now: datetime | None = None,
    env: Mapping[str, str] | None = None,
    client_options: Mapping[str, Any] | None = None,
    after_page: PageHook | None = None,
    result: PullResult | None = None,
) -> PullResult:
    """Look up the follower counts of the chat's `snapshot_accounts` on `source` (X 100,
    Bluesky 25 a request, Mastodon one by one) and load them. An interrupted lookup is
    finished first, for the accounts it was started with (newer ones come next time)."""
    network = connector(source)
    key = PullKey(chat.slug, source, network.lookup_endpoint)
    if result is None:
        result = PullResult(chat.slug, source, "snapshots")
    result.endpoint = key.endpoint
    now = now or datetime.now(UTC)
    with open_client(settings.sources, source, env=env, client_options=client_options) as client:
        pending, stored = key.get(con, ""), key.get(con, "pull")
        identity: str | None
        if pending is not None and stored is not None:
            ids, identity, cursor = json.loads(stored), None, pending
            result.resumed = True
        else:
            ids = participant_ids(con, chat, source, settings.privacy, now)
            identity, cursor = json.dumps(ids), None
        result.accounts = len(ids)
        if not ids:
            result.notes.append(f"no participant of the chat on {source} yet: nobody to look up")
        pages = network.lookup(client, ids, result.report, cursor)
        load_pages(con, pages, key, identity, result, run_id=run_id, after_page=after_page)
    return result
