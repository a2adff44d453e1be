"""Listening to Bluesky's Jetstream for a chat: the stream read, batched and written.

The session reads the stream (`sources.jetstream`) and, every `batch_seconds`, writes what
the chat keeps as one short write of its own: the kept events as received, the kept posts
hydrated from the AppView (handle and counts, `getPosts`), the profiles of their authors and
reposters (accounts and follower snapshots, `getProfiles`), the reposts of kept posts, the
deletions of kept records, and the stream cursor (the largest `time_us` read), all in one
transaction. Between batches the warehouse is free: daily pulls and analysts interleave. A
batch that finds the warehouse locked stays in memory for the next one.

A session resumes from the last committed cursor less `cursor_margin_seconds` (after a
dropped connection, and in the next session after a crash); what that replays is dropped by
its (did, collection, rkey) and, had it reached the warehouse, would load as it already is.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from config.chat import ChatSettings
from config.settings import Settings
from schemas.pages import Page, PullReport
from schemas.records import POST
from sources.bluesky import AppViewClient, get_posts, get_profiles
from sources.jetstream import (
    ChatSelector,
    Deduplicator,
    Event,
    JetstreamStream,
    Selection,
    StreamReport,
    event_instant,
    repost_rows,
)
from sources.pages import canonical, empty_accounts, empty_snapshots
from warehouse.changes import change_log_is_read
from warehouse.cursors import PullKey
from warehouse.load import LoadCounts
from warehouse.pages import load_page_rows
from warehouse.publish import WarehouseLocked
from warehouse.runs import new_run_id, record_run
from warehouse.session import configured_writing
from warehouse.sql import transaction


def cursor_key(chat: ChatSettings) -> PullKey:
    """Where the chat's stream cursor is kept in ops.pull_cursors."""
    return PullKey(chat.slug, "jetstream", "subscribe")


FLOW = "listen-bluesky"
IDLE_CURSOR_WRITE_SECONDS = 300.0
"""With nothing kept, the cursor alone is written at most this often (each write copies the
warehouse)."""


@dataclass
class ListenResult:
    """What a session did: the stream's report, the rows loaded, the run."""

    chat: str
    run_id: str
    report: StreamReport = field(default_factory=StreamReport)
    pulls: PullReport = field(default_factory=PullReport)
    counts: LoadCounts = field(default_factory=LoadCounts)
    cursor: int | None = None


def listen_lines(result: ListenResult) -> list[str]:
    """The session as short lines of text (for the terminal and the run's artifact)."""
    report = result.report
    span = "nothing read"
    if report.first_us is not None and report.last_us is not None:
        first, last = event_instant(report.first_us), event_instant(report.last_us)
        span = f"{first:%Y-%m-%dT%H:%M:%SZ} to {last:%Y-%m-%dT%H:%M:%SZ}"
    lines = [
        f"bluesky stream for {result.chat}: {span}",
        f"events read {report.events} (and {report.duplicates} replayed after a reconnect, "
        f"dropped), kept {report.kept_posts} posts, {report.kept_reposts} reposts and "
        f"{report.deletes} deletions; reconnects {report.reconnects}",
        f"posts hydrated from the AppView {report.hydrated}"
        + (f" ({report.not_hydrated} not returned: deleted since?)" if report.not_hydrated else ""),
        f"batches written {report.batches}; loaded {result.counts.rows_in} rows: "
        f"{result.counts.changed} new or updated, {result.counts.rejected} rejected",
    ]
    return lines + [f"note: {note}" for note in report.notes]


def _held_state(settings: Settings, chat: ChatSettings) -> tuple[int | None, set[str]]:
    """The committed cursor and the URIs of the chat's Bluesky posts held (reposts and
    deletions of them are kept too)."""
    # A write session that writes nothing: it brings an older warehouse to the current schema
    # and publishes nothing, leaving its working copy for the first batch.
    with configured_writing(settings.warehouse) as con:
        cursor = cursor_key(chat).get(con, "")
        uris = con.execute(
            "select post_id from core.posts where platform = 'bluesky' "
            "and list_has_any(hashtag_keys, $tags)",
            {"tags": chat.hashtag_keys},
        ).fetchall()
    return (int(cursor) if cursor else None), {row[0] for row in uris}


def _events_page(events: list[Event], reposts: pl.DataFrame, url: str) -> Page:
    """The kept events as received (one per line), carrying the repost records."""
    return Page(
        source="jetstream",
        endpoint="subscribe",
        url=url,
        received_at=datetime.now(UTC),
        status=101,
        body="\n".join(event.line for event in events).encode(),
        posts=reposts,
        accounts=empty_accounts(),
        snapshots=empty_snapshots(),
        cursor=None,
    )


def _delete(con: duckdb.DuckDBPyConnection, events: list[Event], run_id: str) -> None:
    """Take deleted posts and reposts out of core, note them, and let the build know."""
    if not events:
        return
    rows = pl.DataFrame(
        {
            "post_id": [e.uri for e in events],
            "author_id": [e.did for e in events],
            "deleted_at": [event_instant(e.time_us) for e in events],
        }
    )
    con.register("deleted_batch", rows)
    try:
        if change_log_is_read(con):
            con.execute(
                "insert into ops.changes (record_kind, platform, account_id, old_at, new_at, "
                "run_id) select 'post', platform, author_id, created_at, null, $run_id "
                "from core.posts "
                "where platform = 'bluesky' and post_id in (select post_id from deleted_batch)",
                {"run_id": run_id},
            )
        con.execute(
            "delete from core.posts where platform = 'bluesky' "
            "and post_id in (select post_id from deleted_batch)"
        )
        con.execute(
            "insert into ops.deleted_posts select 'bluesky', post_id, author_id, deleted_at, "
            "$run_id from deleted_batch on conflict do nothing",
            {"run_id": run_id},
        )
    finally:
        con.unregister("deleted_batch")


@dataclass
class _Session:
    settings: Settings
    chat: ChatSettings
    result: ListenResult
    appview: AppViewClient
    selector: ChatSelector
    started_at: datetime
    before_commit: Callable[[], None] | None = None
    pending: list[Event] = field(default_factory=list)
    last_write: float = field(default_factory=time.monotonic)

    def resume_from(self) -> int | None:
        """Where a (re)connection starts: the committed cursor, or the newest event read when
        that is later (the events read since are still pending here), less the margin."""
        margin = int(self.settings.sources.jetstream.cursor_margin_seconds * 1_000_000)
        newest = max(self.result.cursor or 0, self.result.report.last_us or 0)
        return max(0, newest - margin) if newest else None

    def flush(self, final: bool = False) -> None:
        """Write the pending events' batch (or, now and then, the cursor alone)."""
        if not self.pending:
            return
        newest = max(event.time_us for event in self.pending)
        cursor = max(newest, self.result.cursor or 0)
        kept = set(self.selector.kept)
        selection = self.selector.select(self.pending)
        idle_for = time.monotonic() - self.last_write
        if not selection.size and not final and idle_for < IDLE_CURSOR_WRITE_SECONDS:
            self.result.cursor = cursor  # a reconnect may start there; nothing to keep
            self.pending.clear()
            return
        try:
            pages = self._pages(selection)
            self._write(selection, pages, cursor)
        except WarehouseLocked as locked:
            self.selector.kept = kept  # selected again with the next batch
            self.result.report.notes.append(f"a batch waited for the warehouse: {locked}")
            return
        report = self.result.report
        report.kept_posts += len(selection.posts)
        report.kept_reposts += len(selection.reposts)
        report.deletes += len(selection.deletes)
        report.batches += 1
        self.result.cursor = cursor
        self.pending.clear()
        self.last_write = time.monotonic()

    def _pages(self, selection: Selection) -> list[Page]:
        """The AppView's posts and profiles for the selection, and the events page."""
        pulls = self.result.pulls
        wanted = [e.uri for e in selection.posts] + [
            e.subject for e in selection.reposts if e.subject
        ]
        pages = list(get_posts(self.appview, wanted, pulls)) if wanted else []
        hydrated = pl.concat([p.posts for p in pages]) if pages else canonical(POST, pl.DataFrame())
        returned = set(hydrated["post_id"].to_list())
        asked = {e.uri for e in selection.posts}
        self.result.report.hydrated += len(asked & returned)
        self.result.report.not_hydrated += len(asked - returned)
        people = list(
            dict.fromkeys([*hydrated["author_id"].to_list(), *(e.did for e in selection.reposts)])
        )
        profiles = list(get_profiles(self.appview, people, pulls)) if people else []
        handles = {
            row["account_id"]: row["handle"]
            for page in profiles
            for row in page.accounts.select("account_id", "handle").to_dicts()
        }
        reposts = canonical(
            POST,
            pl.DataFrame(
                repost_rows(selection.reposts, hydrated, handles), infer_schema_length=None
            ),
        )
        events = [*selection.posts, *selection.reposts, *selection.deletes]
        return [
            _events_page(events, reposts, self.settings.sources.jetstream.url),
            *pages,
            *profiles,
        ]

    def _write(self, selection: Selection, pages: list[Page], cursor: int) -> None:
        with configured_writing(self.settings.warehouse) as con:
            with transaction(con):
                counts = LoadCounts()
                for page in pages:
                    counts += load_page_rows(con, page, run_id=self.result.run_id)
                _delete(con, selection.deletes, self.result.run_id)
                cursor_key(self.chat).set(con, "", str(cursor))
                self._record(con, "running", self.result.counts.rows_in + counts.rows_in,
                             self.result.counts.rejected + counts.rejected)  # fmt: skip
                if self.before_commit is not None:
                    self.before_commit()
        self.result.counts += counts

    def finish(self) -> None:
        """Record how the session ended (one last short write)."""
        summary = "; ".join(listen_lines(self.result)[1:3])[:2000]
        with configured_writing(self.settings.warehouse) as con:
            self._record(
                con, "succeeded", self.result.counts.rows_in, self.result.counts.rejected, summary
            )

    def _record(
        self,
        con: duckdb.DuckDBPyConnection,
        status: str,
        rows_in: int,
        rejected: int,
        message: str | None = None,
    ) -> None:
        """The session's one ops.runs row, as it stands."""
        record_run(
            con, self.result.run_id, FLOW, self.chat.slug, self.started_at, status, rows_in,
            rejected, message,
        )  # fmt: skip


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def listen_bluesky(
    settings: Settings,
    chat: ChatSettings,
    *,
    minutes: float | None = None,
    until: datetime | None = None,
    since: datetime | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    stream_options: dict[str, Any] | None = None,
    appview_options: dict[str, Any] | None = None,
    before_commit: Callable[[], None] | None = None,
) -> ListenResult:
    """Listen to the stream for the chat until `minutes` of wall-clock time have passed, or
    until the first event at or after `until` (or, with the clock past `until`, until the
    stream has been quiet for `idle_seconds`). Start at `since`, else where the last session
    stopped, else now. `before_commit` runs inside each batch's transaction (tests stop a
    session there)."""
    if minutes is None and until is None:
        raise ValueError("listen needs --minutes or --until")
    jetstream = settings.sources.jetstream
    cursor, held = _held_state(settings, chat)
    result = ListenResult(chat.slug, new_run_id(FLOW))
    if since is not None:
        cursor = _micros(since)
        result.report.notes.append(f"started at --since {since.isoformat()}")
    result.cursor = cursor
    appview = AppViewClient(jetstream.appview_url, **(appview_options or {}))
    session = _Session(
        settings,
        chat,
        result,
        appview,
        ChatSelector(set(chat.hashtag_keys), held),
        now(),
        before_commit,
    )
    stream = JetstreamStream(
        jetstream.url,
        session.resume_from,
        result.report,
        max_reconnects=jetstream.max_reconnects,
        max_backoff=jetstream.max_backoff_seconds,
        **(stream_options or {}),
    )
    margin_us = int(jetstream.cursor_margin_seconds * 1_000_000)
    dedupe = Deduplicator(window_us=4 * margin_us + 60_000_000)
    until_us = _micros(until) if until is not None else None
    started = time.monotonic()
    last_event = time.monotonic()
    last_flush = time.monotonic()
    with appview:
        events = stream.events()
        try:
            for event in events:
                if event is not None:
                    if not dedupe.fresh(event):
                        result.report.duplicates += 1
                        continue
                    if until_us is not None and event.time_us >= until_us:
                        break
                    last_event = time.monotonic()
                    result.report.saw(event)
                    session.pending.append(event)
                elapsed = time.monotonic()
                if minutes is not None and elapsed - started >= minutes * 60:
                    break
                quiet = elapsed - last_event >= jetstream.idle_seconds
                if until is not None and now() >= until and quiet:
                    idle = jetstream.idle_seconds
                    result.report.notes.append(
                        f"stopped: past --until and the stream quiet for {idle:g} s"
                    )
                    break
                if elapsed - last_flush >= jetstream.batch_seconds:
                    session.flush()
                    last_flush = elapsed
        finally:
            events.close()
        session.flush(final=True)
    session.finish()
    return result
