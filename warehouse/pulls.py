"""Pulls that resume where the last one stopped: fetch, load and move the cursor together.

Every page a connector yields (one API response, or a run of lines of a twarc2 archive) is
loaded in ONE transaction: the response lands in `raw.payloads`, its posts, accounts and
snapshots go through validation (rejects to quarantine, with the page's URL as origin), a twarc line
that could not be read goes to quarantine as a post record with its line number, and the
pull's cursor moves to `page.cursor`. A pull killed at any point therefore resumes right after
the last committed page: no gap, no page loaded twice.

The state of each pull lives in `ops.pull_cursors`, per (chat, source, endpoint), in scopes:

- `""`: the page cursor, to resume right after the last committed page; NULL when no pull
  is pending (the last page, or the end of the pages, was committed).
- `"pull"`: what that cursor belongs to, written with the first page of a pull: the window
  `{"since", "until"}` of an activity pull, the account ids of a lookup (a resumed lookup
  asks for exactly those), the sha256 of a twarc archive.
- `"next_since"` (activity only): where the next pull starts, the `until` of the last
  completed pull (it never moves back). Daily pulls thus chain without gaps and never reach
  back beyond X's 7-day recent search.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from config.settings import (
    ChatSettings,
    DemoSource,
    PrivacySettings,
    Settings,
    SourcesSettings,
    text_key,
)
from schemas.records import ACCOUNT, POST, SNAPSHOT
from schemas.validate import RECORD
from sources.bluesky import BlueskyClient, get_profiles, search_posts
from sources.http import HttpClient
from sources.mastodon import MastodonClient, lookup_accounts, remote_tag_timeline, tag_timeline
from sources.pages import InstanceTally, Page, PullReport, SourceError
from sources.simulated import pull_simulated
from sources.twarc import LINES_PER_BATCH, read_twarc_batches
from sources.x import XClient, lookup_users, search
from warehouse.cursors import get_cursor, set_cursor
from warehouse.ingest import RAW_BODY_LIMIT, _file_digest, load_frames, load_records
from warehouse.load import LoadCounts, content_hash, land_raw, quarantine
from warehouse.sql import transaction

API_SOURCES = ("x", "mastodon", "bluesky")
UNTIL_LAG = timedelta(seconds=30)
"""A pull ends this long before now: X refuses an end_time less than 10 s in the past."""
RECENT_SEARCH_LIMIT = timedelta(days=7) - timedelta(minutes=1)
"""How far back X's recent search accepts a start_time (7 days, less the time a request takes)."""
SEARCH_REACH = timedelta(days=7) - timedelta(hours=1)
"""How far back a first pull (or one after a long gap) reaches: an hour within X's limit, so
an interrupted pull from there can still be resumed for an hour."""

_CLIENTS: dict[str, Callable[..., HttpClient]] = {
    "x": XClient,
    "mastodon": MastodonClient,
    "bluesky": BlueskyClient,
}
# (client, hashtags, since, until, cursor, report) -> pages
_ACTIVITY: dict[str, Callable[..., Iterator[Page]]] = {
    "x": search,
    "mastodon": tag_timeline,
    "bluesky": search_posts,
}
# (client, account ids, report, cursor) -> pages
_LOOKUPS: dict[str, Callable[..., Iterator[Page]]] = {
    "x": lookup_users,
    "mastodon": lookup_accounts,
    "bluesky": get_profiles,
}
_LOOKUP_ENDPOINTS = {"x": "users_lookup", "mastodon": "account", "bluesky": "getProfiles"}

PageHook = Callable[[Page], None]


class PullRefused(SourceError):
    """A pull that cannot start: missing credentials, a window it cannot have, or an
    interrupted pull of another window still pending. Retrying does not help."""


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


# -- what a pull did --------------------------------------------------------------------------


@dataclass
class PullResult:
    """Coverage of one pull (activity, snapshots or an archive), accumulated over its tries."""

    chat: str
    source: str
    kind: str
    """"activity", "snapshots" or "archive"."""
    endpoint: str = ""
    since: datetime | None = None
    until: datetime | None = None
    accounts: int | None = None
    """Snapshots: how many accounts were to be looked up."""
    read_price_usd: float | None = None
    resumed: bool = False
    completed: bool = False
    pages_loaded: int = 0
    report: PullReport = field(default_factory=PullReport)
    counts: LoadCounts = field(default_factory=LoadCounts)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def coverage_lines(result: PullResult) -> list[str]:
    """The coverage of a pull as short lines of text (for the command line and artifacts)."""
    report = result.report
    title = f"{result.source} {result.kind} for {result.chat}"
    if result.kind == "activity" and result.until is not None:
        since = _iso(result.since) if result.since else "the source's default"
        title += f", {since} to {_iso(result.until)}"
    elif result.accounts is not None:
        title += f", {result.accounts} accounts"
    if result.resumed:
        title += " (resumed an interrupted pull)"
    lines = [
        title,
        f"pages {report.pages}, records {report.records}, rate-limit waits "
        f"{report.rate_limit_waits} ({report.waited_seconds:.0f} s waited), retries "
        f"{report.retries}",
        f"loaded {result.counts.rows_in} rows: {result.counts.changed} new or updated, "
        f"{result.counts.rejected} rejected (see quarantine.rejected)",
    ]
    if len(report.instances) > 1:
        lines += [
            _instance_line(host, tally, index == 0)
            for index, (host, tally) in enumerate(report.instances.items())
        ]
    if result.source == "x" and report.estimated_cost_usd is not None:
        lines.append(
            f"estimated cost ${report.estimated_cost_usd:.2f} "
            f"(posts read at ${result.read_price_usd or 0:g} each)"
        )
    lines += [f"note: {note}" for note in result.notes]
    lines += [f"skipped: {line}" for line in report.skipped]
    if result.error:
        lines.append(f"stopped: {result.error}")
    return lines


def _instance_line(host: str, tally: InstanceTally, home: bool) -> str:
    if home:
        return f"instance {host} (home): {tally.statuses} statuses read and loaded"
    return (
        f"instance {host}: {tally.statuses} statuses in the window, {tally.resolved} added "
        f"(resolved on the home instance), {tally.known} already read there, "
        f"{tally.unresolved} the home instance could not resolve and {tally.boosts} boosts "
        "not loaded"
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_transient(error: BaseException) -> bool:
    """True for a source error worth another try soon: no answer, 429 or a server error.

    Not for a wait beyond the configured bounds: a try a few seconds later would meet the
    same rate limit. (SourceError carries no kind, so that one is told by its message.)
    """
    if isinstance(error, PullRefused) or not isinstance(error, SourceError):
        return False
    if error.status is None:
        return " would wait " not in str(error)
    return error.status == 429 or error.status >= 500


# -- loading pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PullKey:
    """Which pull a cursor belongs to in ops.pull_cursors."""

    chat: str
    source: str
    endpoint: str

    def get(self, con: duckdb.DuckDBPyConnection, scope: str) -> str | None:
        return get_cursor(con, self.chat, self.source, self.endpoint, scope)

    def set(self, con: duckdb.DuckDBPyConnection, scope: str, value: str | None) -> None:
        set_cursor(con, self.chat, self.source, self.endpoint, value, scope)


def _with_record(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with `record`: each row as JSON, kept in quarantine if it is rejected."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(RECORD))
    return frame.with_columns(pl.struct(pl.all()).struct.json_encode().alias(RECORD))


def _quarantine_problems(con: duckdb.DuckDBPyConnection, page: Page, run_id: str) -> LoadCounts:
    """Hold each line of the page that could not be read as a rejected post record, with its
    file and line (`file://PATH#line=N`) as origin."""
    if not page.problems:
        return LoadCounts()
    file_url = page.url.split("#", 1)[0]
    rows = pl.DataFrame(
        {
            "record": [problem.text for problem in page.problems],
            "reasons": [
                [f"line {problem.line_number}: {problem.reason}"] for problem in page.problems
            ],
            "origin": [f"{file_url}#line={problem.line_number}" for problem in page.problems],
        },
        schema={"record": pl.String, "reasons": pl.List(pl.String), "origin": pl.String},
    )
    rejected = quarantine(con, POST, rows, source=page.source, run_id=run_id)
    return LoadCounts(rows_in=rows.height, rejected=rejected)


def load_page_rows(
    con: duckdb.DuckDBPyConnection, page: Page, *, run_id: str, land: bool = True
) -> LoadCounts:
    """Land one page in `raw` (unless `land` is False) and load its records; the caller owns
    the transaction."""
    if land:
        land_raw(
            con,
            source=page.source,
            endpoint=page.endpoint,
            origin=page.url,
            received_at=page.received_at,
            body=page.body,
            digest=content_hash(page.body),
            byte_count=len(page.body),
            status=page.status,
            run_id=run_id,
        )
    counts = LoadCounts()
    for kind, frame in ((POST, page.posts), (ACCOUNT, page.accounts), (SNAPSHOT, page.snapshots)):
        if frame.height:
            counts += load_frames(
                con, kind, [_with_record(frame)], source=page.source, origin=page.url, run_id=run_id
            )
    counts += _quarantine_problems(con, page, run_id)
    return counts


def load_page(
    con: duckdb.DuckDBPyConnection,
    page: Page,
    key: PullKey,
    identity: str | None,
    *,
    run_id: str,
    land: bool = True,
    on_complete: Callable[[], None] | None = None,
) -> LoadCounts:
    """Land, validate and load one page and move the pull's cursor to it, in one transaction.

    `identity` (what the pull is of) is recorded with the cursor unless None (already held).
    `land=False` for the lines of an archive already landed whole. `on_complete` runs in the
    same transaction (the last page of a pull records where the next one starts).
    """
    with transaction(con):
        counts = load_page_rows(con, page, run_id=run_id, land=land)
        key.set(con, "", page.cursor)
        if identity is not None:
            key.set(con, "pull", identity)
        if on_complete is not None:
            on_complete()
    return counts


def load_pages(
    con: duckdb.DuckDBPyConnection,
    pages: Iterable[Page],
    key: PullKey,
    identity: str | None,
    result: PullResult,
    *,
    run_id: str,
    land: bool = True,
    on_complete: Callable[[], None] | None = None,
    after_page: PageHook | None = None,
) -> None:
    """Load every page, each in its own transaction; mark the pull complete at the end.

    `identity` is recorded with the first page (None when resuming: it is held already).
    `after_page` runs after each page is committed (tests stop a pull there).
    """
    pending: str | None = "(no page yet)"
    for page in pages:
        last = page.cursor is None
        result.counts += load_page(
            con,
            page,
            key,
            identity,
            run_id=run_id,
            land=land,
            on_complete=on_complete if last else None,
        )
        identity = None
        result.pages_loaded += 1
        pending = page.cursor
        if after_page is not None:
            after_page(page)
    if pending is not None:
        # no page at all, or the pages ended without a last cursor (Mastodon skips an account
        # that is gone without a page of its own): the pull is complete all the same
        with transaction(con):
            key.set(con, "", None)
            if on_complete is not None:
                on_complete()
    result.completed = True


# -- clients --------------------------------------------------------------------------------


def open_client(
    sources: SourcesSettings,
    source: str,
    *,
    env: Mapping[str, str] | None = None,
    client_options: Mapping[str, Any] | None = None,
) -> HttpClient:
    """The HTTP client of an API source with its configured bounds (secrets from `env`)."""
    if source not in _CLIENTS:
        raise PullRefused(f"{source}: not an API source (use one of {', '.join(API_SOURCES)})")
    settings = getattr(sources, source)
    try:
        return _CLIENTS[source](
            settings, env=env, **_client_bounds(sources, source, client_options)
        )
    except SourceError as error:
        raise PullRefused(str(error)) from None


def _client_bounds(
    sources: SourcesSettings, source: str, client_options: Mapping[str, Any] | None
) -> dict[str, Any]:
    settings = getattr(sources, source)
    return {
        "max_retries": settings.max_retries,
        "max_wait_seconds": settings.max_wait_seconds,
        "max_total_wait_seconds": settings.max_total_wait_seconds,
        **(client_options or {}),
    }


def check_credentials(
    sources: SourcesSettings, source: str, env: Mapping[str, str] | None = None
) -> None:
    """Raise PullRefused naming the environment variable when a required secret is unset."""
    open_client(sources, source, env=env).close()


# -- activity: the chat's hashtags ------------------------------------------------------------


def activity_endpoint(sources: SourcesSettings, source: str) -> str:
    """The endpoint name an activity pull of `source` is recorded under."""
    if source == "x":
        return "search_all" if sources.x.search == "all" else "search_recent"
    return {"mastodon": "tag_timeline", "bluesky": "searchPosts"}[source]


@dataclass(frozen=True)
class _Window:
    since: datetime | None
    until: datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat(),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> "_Window":
        state = json.loads(text)
        since = state.get("since")
        return cls(
            datetime.fromisoformat(since) if since else None, datetime.fromisoformat(state["until"])
        )


def _second(moment: datetime | None) -> datetime | None:
    """A tz-aware instant in UTC, to the second (what the APIs are sent); naive is refused."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PullRefused(f"{moment.isoformat()} has no time zone (add Z or an offset)")
    return moment.astimezone(UTC).replace(microsecond=0)


def _plan_window(
    con: duckdb.DuckDBPyConnection,
    key: PullKey,
    result: PullResult,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
    recent_search: bool,
) -> tuple[_Window, str | None] | None:
    """The window to pull and the cursor to resume from; None when there is nothing new."""
    pending, stored = key.get(con, ""), key.get(con, "pull")
    if pending is not None and stored is not None:
        window = _Window.from_json(stored)
        if recent_search and window.since is not None and window.since < now - RECENT_SEARCH_LIMIT:
            # X would refuse the rest of it: give it up rather than stay stuck
            result.notes.append(
                f"an interrupted pull of {_iso(window.since)} to {_iso(window.until)} now "
                "reaches beyond X's 7-day recent search and was given up; what it loaded is kept"
            )
            pending = None
    if pending is not None and stored is not None:
        window = _Window.from_json(stored)
        if (since is None and until is None) or (since, until) == (window.since, window.until):
            result.resumed = True
            return window, pending
        since_text = _iso(window.since) if window.since else "the start"
        raise PullRefused(
            f"{key.source}: an interrupted pull of {since_text} to {_iso(window.until)} is "
            f"pending for chat {key.chat}; finish it first with `chatreach ingest "
            f"{key.source} --chat {key.chat}` (without --since/--until)"
        )
    latest = now - UNTIL_LAG
    end = min(until, latest) if until is not None else latest
    if since is not None:
        start = since
        if recent_search and start < now - RECENT_SEARCH_LIMIT:
            raise PullRefused(
                f"x: --since {_iso(start)} is more than 7 days ago, beyond X's recent search; "
                'set [sources.x] search = "all" where the account allows the full archive'
            )
    else:
        last = key.get(con, "next_since")
        start = datetime.fromisoformat(last) if last else now - SEARCH_REACH
        if recent_search and start < now - SEARCH_REACH:
            floor = now - SEARCH_REACH
            result.notes.append(
                f"posts from {_iso(start)} to {_iso(floor)} are beyond X's 7-day recent search "
                "and were not pulled (pull daily so none age out)"
            )
            start = floor
    start_second, end_second = _second(start), _second(end)
    assert start_second is not None and end_second is not None
    if start_second >= end_second:
        if since is not None:
            raise PullRefused(
                f"{key.source}: --since {_iso(start_second)} is not before "
                f"{_iso(end_second)} (--until, or now)"
            )
        result.since, result.until = start_second, end_second
        result.notes.append(f"nothing new: the last pull ended at {_iso(start_second)}")
        return None
    return _Window(start_second, end_second), None


def pull_activity(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    chat: ChatSettings,
    source: str,
    *,
    run_id: str,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
    env: Mapping[str, str] | None = None,
    client_options: Mapping[str, Any] | None = None,
    after_page: PageHook | None = None,
    result: PullResult | None = None,
) -> PullResult:
    """Pull the chat's hashtags from `source` since the last pull (or in [since, until)),
    loading page by page; resume an interrupted pull first. Fills and returns `result`.

    Mastodon reads the home instance first, then each other instance of `instances` with a
    cursor of its own, loading what those add under the home instance's ids."""
    sources = settings.sources
    key = PullKey(chat.slug, source, activity_endpoint(sources, source))
    if result is None:
        result = PullResult(chat.slug, source, "activity")
    result.endpoint = key.endpoint
    if source == "x":
        result.read_price_usd = sources.x.read_price_usd
    now = _second(now or datetime.now(UTC))
    assert now is not None
    recent = source == "x" and sources.x.search == "recent"
    window = _TimelineWindow(con, result, _second(since), _second(until), now, recent, run_id)
    with open_client(sources, source, env=env, client_options=client_options) as client:
        seen_uris: set[str] = set()
        if isinstance(client, MastodonClient):
            result.report.instances.setdefault(client.address, InstanceTally())

        def home_pages(since_at, until_at, cursor):
            if source == "mastodon":
                return tag_timeline(
                    client, chat.hashtags, since_at, until_at, cursor, result.report, seen_uris
                )
            return _ACTIVITY[source](
                client, chat.hashtags, since_at, until_at, cursor, result.report
            )

        window.pull(key, home_pages, after_page, first=True)
        if source != "mastodon":
            return result
        for url in sources.mastodon.instance_urls[1:]:
            remote = MastodonClient(
                sources.mastodon,
                instance_url=url,
                **_client_bounds(sources, source, client_options),
            )
            with remote:
                remote_key = PullKey(chat.slug, source, f"{key.endpoint}@{remote.address}")

                def remote_pages(since_at, until_at, cursor, remote=remote):
                    return remote_tag_timeline(
                        client,
                        remote,
                        chat.hashtags,
                        since_at,
                        until_at,
                        cursor,
                        result.report,
                        seen_uris,
                    )

                window.pull(remote_key, remote_pages, after_page, first=False)
    return result


@dataclass
class _TimelineWindow:
    """Plans and loads the window of one activity cursor (one per Mastodon instance)."""

    con: duckdb.DuckDBPyConnection
    result: PullResult
    since: datetime | None
    until: datetime | None
    now: datetime
    recent: bool
    run_id: str

    def pull(
        self,
        key: PullKey,
        pages: Callable[[datetime | None, datetime | None, str | None], Iterator[Page]],
        after_page: PageHook | None,
        *,
        first: bool,
    ) -> None:
        """Load `key`'s window; the first key's window is the result's."""
        own = PullResult(self.result.chat, self.result.source, "activity")
        plan = _plan_window(self.con, key, own, self.since, self.until, self.now, self.recent)
        self.result.notes += own.notes
        self.result.resumed = self.result.resumed or own.resumed
        if first:
            self.result.since, self.result.until = own.since, own.until
        if plan is None:
            self.result.completed = True
            return
        window, cursor = plan
        if first:
            self.result.since, self.result.until = window.since, window.until

        def record_next_since() -> None:
            last = key.get(self.con, "next_since")
            if last is None or datetime.fromisoformat(last) < window.until:
                key.set(self.con, "next_since", window.until.isoformat())

        load_pages(
            self.con,
            pages(window.since, window.until, cursor),
            key,
            None if cursor else window.to_json(),
            self.result,
            run_id=self.run_id,
            on_complete=record_next_since,
            after_page=after_page,
        )


# -- snapshots: follower counts of the chat's participants -------------------------------------


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
        """
        select distinct author_id from core.posts
        where platform = $platform
          and len(list_intersect(hashtag_keys, $hashtags)) > 0
          and ($start is null or created_at >= $start)
          and not list_contains($opted_ids, author_id)
          and not list_contains($opted_keys, author_handle_key)
        order by author_id
        """,
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
    key = PullKey(chat.slug, source, _LOOKUP_ENDPOINTS[source])
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
        pages = _LOOKUPS[source](client, ids, result.report, cursor)
        load_pages(con, pages, key, identity, result, run_id=run_id, after_page=after_page)
    return result


# -- twarc2 archives ----------------------------------------------------------------------------


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
    digest, size = _file_digest(path)
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
