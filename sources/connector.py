"""The one contract of a network pulled page by page, and the registry that finds them.

A connector knows its network and nothing of storage: it opens a client with the configured
bounds, lists the timelines of a chat's activity (one cursor each: X and Bluesky have one,
Mastodon one per instance), looks accounts up, and states how far back its search reaches.
Whoever drives a pull (`flows.pulling`) stores each page it yields with its cursor.

A network read as a stream (Bluesky's Jetstream) keeps the `Stream` contract instead: events
in order with a cursor of its own, deletions among them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from config.sources import SourcesSettings
from schemas.pages import Page, PullReport, SourceError
from sources.bluesky import BLUESKY
from sources.http import HttpClient
from sources.mastodon import MASTODON
from sources.pages import Reach, Timeline
from sources.x import X


@runtime_checkable
class Connector(Protocol):
    """A network pulled page by page. Every method raises `schemas.pages.SourceError`
    (never a secret in its message) when the network cannot be read.

    Methods:
        open: the network's client with the configured bounds and secrets from `env`.
            Raises SourceError naming the environment variable of a missing secret.
        activity_endpoint: what the chat's hashtag pulls are recorded under.
        reach: how far back an activity pull may start; None when the network has no limit.
        read_price: the configured price of a post read, for the cost estimate; None if free.
        timelines: the chat's hashtags as timelines, each with its own cursor, the home one
            first. Lazy: a timeline's client stays open while it is read.
        lookup: pages of the follower counts of `account_ids`, resuming after `cursor`.
    """

    source: str
    lookup_endpoint: str

    def open(
        self, settings: SourcesSettings, env: Mapping[str, str] | None, options: Mapping[str, Any]
    ) -> HttpClient: ...

    def activity_endpoint(self, settings: SourcesSettings) -> str: ...

    def reach(self, settings: SourcesSettings) -> Reach | None: ...

    def read_price(self, settings: SourcesSettings) -> float | None: ...

    def timelines(
        self,
        client: HttpClient,
        settings: SourcesSettings,
        hashtags: Sequence[str],
        report: PullReport,
        options: Mapping[str, Any],
    ) -> Iterator[Timeline]: ...

    def lookup(
        self, client: HttpClient, account_ids: Sequence[str], report: PullReport, cursor: str | None
    ) -> Iterator[Page]: ...


class Stream(Protocol):
    """A network read as a stream of events: each event carries the cursor to resume after
    it (Jetstream's `time_us`), and deletions arrive as events like posts do. `None` is
    yielded when the stream is idle, so the reader can flush what it holds."""

    def events(self) -> Iterator[Any]: ...


CONNECTORS: dict[str, Connector] = {found.source: found for found in (X, MASTODON, BLUESKY)}
"""The pulled networks by source name."""


def connector(source: str) -> Connector:
    """The connector of `source`; SourceError for a name that is not one."""
    if source not in CONNECTORS:
        raise SourceError(f"{source}: not an API source (use one of {', '.join(CONNECTORS)})")
    return CONNECTORS[source]


def client_bounds(settings: SourcesSettings, source: str) -> dict[str, Any]:
    """The retry and wait bounds configured for `source`'s client."""
    section = getattr(settings, source)
    return {
        "max_retries": section.max_retries,
        "max_wait_seconds": section.max_wait_seconds,
        "max_total_wait_seconds": section.max_total_wait_seconds,
    }
