"""What the connectors share: paging tokens, cursors, canonical frames and instants.

The shapes a connector yields (`Page`, `PullReport`, `SourceError`) live in `schemas.pages`,
below both the connectors and storage.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from schemas.pages import Page, PullReport, SourceError
from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind

log = logging.getLogger(__name__)

NO_TEXT = pl.lit([], dtype=pl.List(pl.String))
"""An empty list of strings: what a record without hashtags, links or mentions holds."""

NOBOT = r"(?i)(?:^|[^\w#])#nobot(?:$|[^\w])"
"""#nobot as a whole tag of a bio, in any case: the account asks not to be indexed."""


PageReader = Callable[[datetime | None, datetime | None, str | None], Iterator[Page]]
"""(since, until, cursor) -> the pages of a window, each with the cursor after it."""


@dataclass(frozen=True)
class Timeline:
    """A stretch of a chat's activity read under one cursor."""

    endpoint: str
    """What its cursor is kept under: "search_recent", "tag_timeline@other.example", ..."""
    pages: PageReader


@dataclass(frozen=True)
class Reach:
    """How far back a network's search goes (X's recent search: 7 days)."""

    limit: timedelta
    """The oldest start the network accepts, counted back from now."""
    first: timedelta
    """Where a first pull (or one after a long gap) starts: within `limit`, so a pull
    interrupted there can still be resumed for a while."""
    name: str
    """The limit in words, for notes: "X's 7-day recent search"."""
    beyond: str
    """What to do about a start beyond it."""


def object_frame(
    items: Any, schema: dict[str, Any], what: str, *, lenient: bool = False
) -> pl.DataFrame:
    """A frame of the JSON objects `items` with `schema`; ValueError naming `what` when they
    are not a list of objects. `lenient` takes a missing list as empty and one object as a
    list of one (X leaves out empty lists)."""
    if lenient and items is None:
        return pl.DataFrame(schema=schema)
    if lenient and isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{what} is not a list of objects")
    if not items:
        return pl.DataFrame(schema=schema)
    return pl.from_dicts(items, schema=schema)


@dataclass(frozen=True)
class SearchConnector:
    """A network behind the connector contract (`sources.connector.Connector`): one search
    timeline of the chat's hashtags and a lookup of accounts. A network with more (X's two
    searches, Mastodon's instances) extends it."""

    source: str
    lookup_endpoint: str
    endpoint: str
    """What the activity pulls are recorded under."""
    client: Callable[..., Any]
    """(its settings section, env=, **bounds) -> the network's HttpClient."""
    search: Callable[..., Iterator[Page]]
    """(client, hashtags, since, until, cursor, report) -> pages."""
    lookups: Callable[..., Iterator[Page]]
    """(client, account ids, report, cursor) -> pages."""

    def open(self, settings: Any, env: Mapping[str, str] | None, options: Mapping[str, Any]):
        return self.client(getattr(settings, self.source), env=env, **options)

    def activity_endpoint(self, settings: Any) -> str:
        return self.endpoint

    def reach(self, settings: Any) -> Reach | None:
        return None

    def read_price(self, settings: Any) -> float | None:
        return None

    def timelines(
        self,
        client: Any,
        settings: Any,
        hashtags: Sequence[str],
        report: PullReport,
        options: Mapping[str, Any],
    ) -> Iterator[Timeline]:
        def pages(since: datetime | None, until: datetime | None, cursor: str | None):
            return self.search(client, hashtags, since, until, cursor, report)

        yield Timeline(self.activity_endpoint(settings), pages)

    def lookup(
        self, client: Any, account_ids: Sequence[str], report: PullReport, cursor: str | None
    ) -> Iterator[Page]:
        return self.lookups(client, account_ids, report, cursor)


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
