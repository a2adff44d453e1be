"""Activity pulls: the chat's hashtags since the last pull, one window per timeline cursor.

Each timeline of a connector (X's search, Bluesky's searchPosts, Mastodon's home instance and
each other instance) keeps its own cursor. A pull resumes an interrupted window first; a new
one starts where the last completed pull ended (`next_since`), within the network's reach.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from config.chat import ChatSettings
from config.settings import Settings
from flows.pulling.pages import PageHook, client_options_for, load_pages, open_client
from flows.pulling.result import PullRefused, PullResult, iso
from sources.connector import connector
from sources.pages import PageReader, Reach
from warehouse.cursors import PullKey

UNTIL_LAG = timedelta(seconds=30)
"""A pull ends this long before now: X refuses an end_time less than 10 s in the past."""
FIRST_REACH = timedelta(days=7) - timedelta(hours=1)
"""How far back a first pull of a network without a reach of its own starts."""


@dataclass(frozen=True)
class Window:
    """The stretch of time one activity pull reads: [since, until)."""

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
    def from_json(cls, text: str) -> "Window":
        state = json.loads(text)
        since = state.get("since")
        return cls(
            datetime.fromisoformat(since) if since else None, datetime.fromisoformat(state["until"])
        )


def to_second(moment: datetime | None) -> datetime | None:
    """A tz-aware instant in UTC, to the second (what the APIs are sent); naive is refused."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PullRefused(f"{moment.isoformat()} has no time zone (add Z or an offset)")
    return moment.astimezone(UTC).replace(microsecond=0)


def _resumable(
    key: PullKey,
    con: duckdb.DuckDBPyConnection,
    result: PullResult,
    now: datetime,
    reach: Reach | None,
) -> tuple[Window, str] | None:
    """The interrupted window of `key` and its cursor, unless there is none or it has aged
    beyond the network's reach (then it is given up, with a note)."""
    pending, stored = key.get(con, ""), key.get(con, "pull")
    if pending is None or stored is None:
        return None
    window = Window.from_json(stored)
    if reach is not None and window.since is not None and window.since < now - reach.limit:
        # the network would refuse the rest of it: give it up rather than stay stuck
        result.notes.append(
            f"an interrupted pull of {iso(window.since)} to {iso(window.until)} now "
            f"reaches beyond {reach.name} and was given up; what it loaded is kept"
        )
        return None
    return window, pending


def plan_window(
    con: duckdb.DuckDBPyConnection,
    key: PullKey,
    result: PullResult,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
    reach: Reach | None,
) -> tuple[Window, str | None] | None:
    """The window to pull and the cursor to resume from; None when there is nothing new."""
    interrupted = _resumable(key, con, result, now, reach)
    if interrupted is not None:
        window, pending = interrupted
        if (since is None and until is None) or (since, until) == (window.since, window.until):
            result.resumed = True
            return window, pending
        since_text = iso(window.since) if window.since else "the start"
        raise PullRefused(
            f"{key.source}: an interrupted pull of {since_text} to {iso(window.until)} is "
            f"pending for chat {key.chat}; finish it first with `chatreach ingest "
            f"{key.source} --chat {key.chat}` (without --since/--until)"
        )
    latest = now - UNTIL_LAG
    end = min(until, latest) if until is not None else latest
    if since is not None:
        start = since
        if reach is not None and start < now - reach.limit:
            raise PullRefused(
                f"{key.source}: --since {iso(start)} is more than "
                f"{round(reach.limit / timedelta(days=1))} days ago, beyond {reach.name}; "
                f"{reach.beyond}"
            )
    else:
        last = key.get(con, "next_since")
        first = reach.first if reach is not None else FIRST_REACH
        start = datetime.fromisoformat(last) if last else now - first
        if reach is not None and start < now - reach.first:
            floor = now - reach.first
            result.notes.append(
                f"posts from {iso(start)} to {iso(floor)} are beyond {reach.name} "
                "and were not pulled (pull daily so none age out)"
            )
            start = floor
    start_second, end_second = to_second(start), to_second(end)
    assert start_second is not None and end_second is not None
    if start_second >= end_second:
        if since is not None:
            raise PullRefused(
                f"{key.source}: --since {iso(start_second)} is not before "
                f"{iso(end_second)} (--until, or now)"
            )
        result.since, result.until = start_second, end_second
        result.notes.append(f"nothing new: the last pull ended at {iso(start_second)}")
        return None
    return Window(start_second, end_second), None


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

    Each of the connector's timelines (Mastodon: the home instance, then each other
    instance) is read under a cursor of its own; the first one's window is the result's."""
    sources = settings.sources
    network = connector(source)
    endpoint = network.activity_endpoint(sources)
    if result is None:
        result = PullResult(chat.slug, source, "activity")
    result.endpoint = endpoint
    result.read_price_usd = network.read_price(sources)
    now = to_second(now or datetime.now(UTC))
    assert now is not None
    reader = _TimelineReader(
        con, result, to_second(since), to_second(until), now, network.reach(sources), run_id
    )
    options = client_options_for(sources, source, client_options)
    with open_client(sources, source, env=env, client_options=client_options) as client:
        timelines = network.timelines(client, sources, chat.hashtags, result.report, options)
        for index, timeline in enumerate(timelines):
            key = PullKey(chat.slug, source, timeline.endpoint)
            reader.pull(key, timeline.pages, after_page, first=index == 0)
    return result


@dataclass
class _TimelineReader:
    """Plans and loads the window of one timeline's cursor."""

    con: duckdb.DuckDBPyConnection
    result: PullResult
    since: datetime | None
    until: datetime | None
    now: datetime
    reach: Reach | None
    run_id: str

    def pull(
        self, key: PullKey, pages: PageReader, after_page: PageHook | None, *, first: bool
    ) -> None:
        """Load `key`'s window; the first key's window is the result's."""
        own = PullResult(self.result.chat, self.result.source, "activity")
        plan = plan_window(self.con, key, own, self.since, self.until, self.now, self.reach)
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
