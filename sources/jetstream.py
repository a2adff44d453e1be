"""Bluesky's Jetstream: every post and repost of the network as JSON over a WebSocket.

`JetstreamStream` connects to `[sources.jetstream] url` with `wantedCollections` for posts
and reposts (and a `cursor`, the `time_us` to start from), and yields `Event`s; when the
connection drops it reconnects after a bounded, growing wait and resumes from the cursor
its `resume_from` callback gives (the caller's last committed cursor less a margin). Events
come in relay order, so `time_us` is not monotonic: an event is known by (did, collection,
rkey), and `Deduplicator` drops one seen before, which a resumed stream replays.

Which events a chat keeps (`ChatSelector`): a created post whose hashtags, read as the
Bluesky connector reads them (its tag facets and `tags`), include one of the chat's; a
repost of a post kept; the deletion of a post or repost kept. Handles and counts are not in
the events: the kept posts are hydrated from the AppView (`sources.bluesky.get_posts`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import polars as pl
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from config.chat import text_key
from schemas.pages import SourceError
from sources.bluesky import map_posts

log = logging.getLogger(__name__)

SOURCE = "jetstream"
POSTS = "app.bsky.feed.post"
REPOSTS = "app.bsky.feed.repost"
COLLECTIONS = (POSTS, REPOSTS)


@dataclass(frozen=True)
class Event:
    """One Jetstream commit event of a post or a repost (other kinds are not yielded)."""

    did: str
    time_us: int
    collection: str
    operation: str
    """"create", "update" or "delete"."""
    rkey: str
    record: dict[str, Any] | None
    line: str
    """The event as received."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.did, self.collection, self.rkey)

    @property
    def uri(self) -> str:
        return f"at://{self.did}/{self.collection}/{self.rkey}"

    @property
    def subject(self) -> str | None:
        """The post a repost reposts."""
        subject = (self.record or {}).get("subject")
        uri = subject.get("uri") if isinstance(subject, dict) else None
        return uri if isinstance(uri, str) else None


def parse_event(line: str) -> Event | None:
    """The commit event of a post or repost in one message; None for any other message
    (identity, account, other collections). A message that is not an event raises."""
    try:
        message = json.loads(line)
    except ValueError:
        raise SourceError(f"{SOURCE}: a message is not JSON: {line[:80]!r}") from None
    if not isinstance(message, dict) or not isinstance(message.get("time_us"), int):
        raise SourceError(f"{SOURCE}: a message is not a Jetstream event: {line[:80]!r}")
    commit = message.get("commit")
    if message.get("kind") != "commit" or not isinstance(commit, dict):
        return None
    if commit.get("collection") not in COLLECTIONS:
        return None
    record = commit.get("record")
    return Event(
        did=str(message.get("did")),
        time_us=message["time_us"],
        collection=commit["collection"],
        operation=str(commit.get("operation")),
        rkey=str(commit.get("rkey")),
        record=record if isinstance(record, dict) else None,
        line=line,
    )


def post_hashtags(events: list[Event]) -> dict[str, list[str]]:
    """URI → hashtags of created posts, read as `sources.bluesky.map_posts` reads them."""
    views = [
        {"uri": e.uri, "author": {"did": e.did}, "record": e.record}
        for e in events
        if e.collection == POSTS and e.operation == "create" and e.record is not None
    ]
    if not views:
        return {}
    posts, _, _ = map_posts(views, datetime.now(UTC))
    return dict(zip(posts["post_id"].to_list(), posts["hashtags"].to_list(), strict=True))


def _instant(text: Any) -> datetime | None:
    """A record's ISO instant (createdAt) in UTC; None when it is not one."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment and moment.tzinfo else None


def event_instant(time_us: int) -> datetime:
    """A Jetstream time_us as a UTC instant."""
    return datetime.fromtimestamp(time_us / 1_000_000, tz=UTC)


@dataclass
class ChatSelector:
    """Which events of the stream a chat keeps; `kept` holds the URIs of its posts and
    reposts (those held before the session, and those kept since)."""

    hashtag_keys: set[str]
    kept: set[str] = field(default_factory=set)

    def select(self, events: list[Event]) -> Selection:
        """The batch's kept posts, reposts of kept posts, and deletions of kept records."""
        tags = post_hashtags(events)
        posts = [
            e
            for e in events
            if e.operation == "create"
            and e.uri in tags
            and self.hashtag_keys & {text_key(t) for t in tags[e.uri]}
        ]
        self.kept |= {e.uri for e in posts}
        reposts = [
            e
            for e in events
            if e.collection == REPOSTS and e.operation == "create" and e.subject in self.kept
        ]
        self.kept |= {e.uri for e in reposts}
        deletes = [e for e in events if e.operation == "delete" and e.uri in self.kept]
        return Selection(posts, reposts, deletes)


@dataclass(frozen=True)
class Selection:
    posts: list[Event]
    reposts: list[Event]
    deletes: list[Event]

    @property
    def size(self) -> int:
        return len(self.posts) + len(self.reposts) + len(self.deletes)


@dataclass
class Deduplicator:
    """Drops events seen before, by (did, collection, rkey) and operation, remembering them
    for `window_us` of stream time (a resumed stream replays no more than its margin)."""

    window_us: int
    _seen: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    def fresh(self, event: Event) -> bool:
        key = (*event.key, event.operation)
        if key in self._seen:
            return False
        self._seen[key] = event.time_us
        if len(self._seen) > 50_000:
            newest = max(self._seen.values())
            self._seen = {k: t for k, t in self._seen.items() if t >= newest - self.window_us}
        return True


@dataclass
class StreamReport:
    """What a listening session did, for the terminal and the run's artifact."""

    events: int = 0
    """Post and repost events read (duplicates of a resumed stream not counted)."""
    duplicates: int = 0
    kept_posts: int = 0
    kept_reposts: int = 0
    deletes: int = 0
    reconnects: int = 0
    first_us: int | None = None
    last_us: int | None = None
    hydrated: int = 0
    """Kept posts the AppView returned (with handle and counts)."""
    not_hydrated: int = 0
    batches: int = 0
    notes: list[str] = field(default_factory=list)

    def saw(self, event: Event) -> None:
        self.events += 1
        self.first_us = (
            event.time_us if self.first_us is None else min(self.first_us, event.time_us)
        )
        self.last_us = event.time_us if self.last_us is None else max(self.last_us, event.time_us)


def subscribe_url(base: str, cursor: int | None) -> str:
    """The subscription URL: posts and reposts, from `cursor` (time_us) when given."""
    query = [("wantedCollections", c) for c in COLLECTIONS]
    if cursor is not None:
        query.append(("cursor", str(cursor)))
    return f"{base}?{urlencode(query)}"


class StreamGaveUp(SourceError):
    """The stream could not be reached again within the allowed reconnects."""


@dataclass
class JetstreamStream:
    """Messages of the subscription, reconnecting on a dropped connection.

    `events()` yields each post or repost event, and None after every `tick` seconds without
    a message (so the caller can flush a batch or stop). A dropped connection is opened again
    after 1, 2, 4 … seconds (at most `max_backoff` each), from `resume_from()`; more than
    `max_reconnects` drops in a row raise StreamGaveUp.
    """

    url: str
    resume_from: Callable[[], int | None]
    report: StreamReport
    tick: float = 1.0
    max_reconnects: int = 10
    max_backoff: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def events(self) -> Iterator[Event | None]:
        failures = 0
        first = True
        while True:
            cursor = self.resume_from()
            if not first:
                self.report.reconnects += 1
            first = False
            try:
                with connect(
                    subscribe_url(self.url, cursor), open_timeout=10, close_timeout=2
                ) as ws:
                    failures = 0
                    while True:
                        try:
                            message = ws.recv(timeout=self.tick)
                        except TimeoutError:
                            yield None
                            continue
                        text = message.decode() if isinstance(message, bytes) else message
                        event = parse_event(text)
                        if event is not None:
                            yield event
            except (ConnectionClosed, InvalidHandshake, OSError) as error:
                failures += 1
                if failures > self.max_reconnects:
                    raise StreamGaveUp(
                        f"{SOURCE}: the stream dropped {failures} times in a row, the last "
                        f"time with {type(error).__name__}: {error}"
                    ) from None
                wait = min(self.max_backoff, 2.0 ** (failures - 1))
                log.info("%s: connection lost (%s); again in %.0f s", SOURCE, error, wait)
                self.sleep(wait)
            except InvalidURI as error:
                raise SourceError(f"{SOURCE}: {error}") from None


def repost_rows(events: list[Event], reposted: pl.DataFrame, handles: dict[str, str]) -> list[dict]:
    """Canonical repost records: each copies the text, hashtags, mentions and links of the
    post it reposts (`reposted`, canonical posts), as the other networks' reposts do."""
    by_uri = {row["post_id"]: row for row in reposted.to_dicts()}
    rows = []
    for event in events:
        original = by_uri.get(event.subject or "")
        if original is None:
            continue
        created = _instant((event.record or {}).get("createdAt")) or event_instant(event.time_us)
        rows.append(
            {
                "platform": "bluesky",
                "post_id": event.uri,
                "author_id": event.did,
                "author_handle": handles.get(event.did, event.did),
                "created_at": created,
                "text": original["text"],
                "kind": "repost",
                "referenced_post_id": original["post_id"],
                "referenced_account_id": original["author_id"],
                "mention_ids": original["mention_ids"],
                "hashtags": original["hashtags"],
                "urls": original["urls"],
                "like_count": 0,
                "repost_count": 0,
                "reply_count": 0,
                "quote_count": 0,
                "observed_at": event_instant(event.time_us),
            }
        )
    return rows
