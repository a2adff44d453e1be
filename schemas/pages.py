"""The shapes a pull hands from the connectors to storage: one `Page` per response (or per
run of twarc lines), the `PullReport` of a pull, and the `SourceError` a source raises.

A Page carries the response exactly as received (for the `raw` log) together with the
canonical frames mapped from it (posts, accounts, follower snapshots, with the dtypes of
`schemas.records`), and the cursor that resumes the pull right after it. The frames are not
validated here: the caller runs `schemas.validate.prepare`/`split` and quarantines rejects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl


class SourceError(RuntimeError):
    """A source could not be read: the message names the source, the URL (never a secret) and
    what went wrong. `status` is the HTTP status when there was a response; `error` the
    platform's error code when its body named one (Bluesky "ExpiredToken", Mastodon's text)."""

    def __init__(self, message: str, *, status: int | None = None, error: str | None = None):
        super().__init__(message)
        self.status = status
        self.error = error


@dataclass(frozen=True)
class BadLine:
    """A line of a file that could not be mapped, kept so the caller can quarantine it.

    `line_number` is 1-based; `text` is the line as read (undecodable bytes replaced, the
    line break removed); `reason` says what is wrong in one line.
    """

    line_number: int
    text: str
    reason: str


@dataclass(frozen=True)
class Page:
    """One response of a source (or one line of a twarc2 archive) and what it maps to."""

    source: str
    """"x", "mastodon", "bluesky" or "twarc"."""
    endpoint: str
    """Which call produced it: "search_recent", "users_lookup", "tag_timeline", ..."""
    url: str
    """The request URL (secrets never appear in it); for twarc, `file://PATH#line=N`."""
    received_at: datetime
    """When the response was received (tz-aware UTC); for twarc, when twarc retrieved it."""
    status: int
    body: bytes
    """The response body as received (a secret we sent would be replaced by ***)."""
    posts: pl.DataFrame
    accounts: pl.DataFrame
    snapshots: pl.DataFrame
    cursor: str | None
    """Opaque: pass it back to resume the pull right after this page; None after the last."""
    problems: tuple[BadLine, ...] = ()
    """Lines that could not be mapped (twarc archives); empty for API pages."""


@dataclass
class InstanceTally:
    """What a pull read on one Mastodon instance: statuses in its window, and for another
    instance than the home one, how they were loaded under the home instance's ids."""

    statuses: int = 0
    resolved: int = 0
    """Resolved on the home instance by URI and loaded."""
    known: int = 0
    """Already read on the home instance in this pull."""
    unresolved: int = 0
    """The home instance could not resolve them: not loaded."""
    boosts: int = 0
    """Reblogs: a boost has no URI to resolve; not loaded."""


@dataclass
class PullReport:
    """Coverage of one pull, filled in by the generators and the HTTP client as they go.

    `records` counts the items the platform returned in the pages' main lists (tweets,
    statuses, posts, users, profiles); `skipped` holds one line per thing not pulled or cut
    short (a repeated cursor, an account that no longer exists, partial errors of X).
    """

    pages: int = 0
    records: int = 0
    rate_limit_waits: int = 0
    waited_seconds: float = 0.0
    retries: int = 0
    skipped: list[str] = field(default_factory=list)
    estimated_cost_usd: float | None = None
    instances: dict[str, InstanceTally] = field(default_factory=dict)
    """Mastodon: what each instance read gave, by host."""
