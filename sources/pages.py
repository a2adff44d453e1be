"""What every connector yields: one `Page` per response (or per twarc line), and a `PullReport`.

A Page carries the response exactly as received (for the `raw` log) together with the
canonical frames mapped from it (posts, accounts, follower snapshots, with the dtypes of
`schemas.records`), and the cursor that resumes the pull right after it. The frames are not
validated here: the caller runs `schemas.validate.prepare`/`split` and quarantines rejects.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import polars as pl

from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind

log = logging.getLogger(__name__)


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


def fresh_token(
    token: str | None, seen: set[str], report: PullReport, where: str, name: str
) -> str | None:
    """`token` if it is new (it is added to `seen`), else None with a note in `report.skipped`.

    A service that hands out a pagination token it has handed out before would loop the
    pull forever; it is stopped there instead. `where` names the pull ("x search_recent",
    "mastodon tag_timeline #TChat"), `name` the token ("next_token", "max_id", "cursor").
    """
    if not token:
        return None
    if token in seen:
        report.skipped.append(
            f"{where}: {name} {token!r} came back a second time; stopped there instead of looping"
        )
        log.warning("%s: repeated %s, stopped there", where, name)
        return None
    seen.add(token)
    return token


def not_returned(what: str, noun: str, missing: Sequence[str]) -> str:
    """The note for ids a lookup asked for and did not get back (the first ten named)."""
    shown = ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")
    return f"{what}: {len(missing)} {noun}(s) not returned: {shown}"


def empty(kind: RecordKind) -> pl.DataFrame:
    """A frame with no rows and the canonical columns of `kind`."""
    return pl.DataFrame(schema=kind.columns)


def empty_posts() -> pl.DataFrame:
    return empty(POST)


def empty_accounts() -> pl.DataFrame:
    return empty(ACCOUNT)


def empty_snapshots() -> pl.DataFrame:
    return empty(SNAPSHOT)


def canonical(kind: RecordKind, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with exactly the canonical columns of `kind`, in order, cast to their dtypes.

    Missing columns become null. Casting here is of values already of the right kind (the
    mappers build them so); a failed cast is a bug, so it is strict.
    """
    columns = []
    for name, dtype in kind.columns.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)


def utc(moment: datetime) -> datetime:
    """A tz-aware datetime in UTC; a naive one is refused (it would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


def iso_z(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, seconds precision (what X and Bluesky accept)."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, millisecond precision (Mastodon and Bluesky timestamps)."""
    return utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_instant(text: str | None) -> datetime | None:
    """The tz-aware instant of an RFC 3339 text (None for None)."""
    if text is None:
        return None
    return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def encode_cursor(state: Mapping[str, Any]) -> str:
    """An opaque cursor string from a small state dict (compact, key-sorted JSON)."""
    return json.dumps(dict(state), separators=(",", ":"), sort_keys=True)


def decode_cursor(cursor: str | None, source: str) -> dict[str, Any]:
    """The state dict of a cursor made by `encode_cursor`; {} for None."""
    if cursor is None:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        state = None
    if not isinstance(state, dict):
        raise SourceError(f"{source}: not a cursor of this connector: {cursor[:80]!r}")
    return state


def tag_cursor(
    tags: list[str], tag_index: int, name: str, token: str | None, since: Any, until: Any
) -> str | None:
    """The cursor after a page of a pull that reads one hashtag after the other: the same
    hashtag from `token` (named `name`), else the next hashtag from its start, else None."""
    if token is not None:
        state: dict[str, Any] = {"tag": tag_index, name: token}
    elif tag_index + 1 < len(tags):
        state = {"tag": tag_index + 1, name: None}
    else:
        return None
    return encode_cursor({**state, "tags": tags, "since": since, "until": until})
