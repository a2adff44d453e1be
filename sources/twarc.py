"""twarc2 JSONL archives: one X API v2 response page per line, mapped like a live X pull.

`is_twarc(path)` (`sources.twarc_format`) recognises an archive by its content (the first
non-empty line is a JSON object with `data` — a list, or one object for stream output — and
`__twarc` or `includes`).
`read_twarc(path)` yields one `Page` per non-empty line, source "twarc", through the same
mapping as the X connector (`sources.x.map_x_page`; a page of users, as written by
`twarc2 users`, gives accounts and snapshots). Gzip-compressed archives are read as well.

Lines that cannot be mapped are not dropped and do not stop the read: each is yielded as a
Page with empty frames, its bytes as `body`, and one `BadLine(line_number, text, reason)` in
`Page.problems`, so the caller can land the line in `raw` and put it in quarantine with its
line number. That covers a line that is not JSON (a truncated last line), JSON that is not
an object with `data`, and `data` that is neither tweets nor users (tweet counts, lists).

Per line: `url` is `file://ABSOLUTE_PATH#line=N` (the request URL twarc recorded stays in the
body, under `__twarc.url`); `received_at` (and so observed_at/captured_at) is
`__twarc.retrieved_at`, or the file's modification time when the line has none; `status` is
200 (twarc writes only successful responses); `endpoint` comes from the recorded URL
("search_recent", "tweets_lookup", "users_lookup", …, "twarc" when unknown); `cursor` is
the line number, so `read_twarc(path, cursor=page.cursor)` resumes after that line.

`read_twarc_batches(path)` merges runs of consecutive lines into one Page each (url
`file://ABSOLUTE_PATH#lines=A-B`), so that a load commits many lines at a time: one
transaction and one validation per line would make a large archive slow.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import polars as pl

from schemas.pages import BadLine, Page, PullReport
from sources.pages import decode_cursor, empty_accounts, empty_posts, empty_snapshots, encode_cursor
from sources.twarc_format import is_twarc, open_archive
from sources.x import map_x_page, map_x_users, partial_errors

log = logging.getLogger(__name__)

SOURCE = "twarc"
LINES_PER_BATCH = 50
"""Lines merged into one Page by `read_twarc_batches` (a search page of 100 tweets is ~0.4 MB)."""
BYTES_PER_BATCH = 64 << 20
"""A batch also ends once its lines hold this many bytes, to bound the memory of a load."""
_ENDPOINTS = {
    "/2/tweets/search/recent": "search_recent",
    "/2/tweets/search/all": "search_all",
    "/2/tweets/search/stream": "search_stream",
    "/2/tweets/sample/stream": "sample_stream",
    "/2/tweets": "tweets_lookup",
    "/2/users": "users_lookup",
}
_ID_SEGMENT = re.compile(r"/\d+(?=/|$)")


def endpoint_of(url: str | None) -> str:
    """A short name for the X endpoint of a recorded request URL."""
    if not url:
        return SOURCE
    path = urlsplit(url).path.rstrip("/")
    if path in _ENDPOINTS:
        return _ENDPOINTS[path]
    generic = _ID_SEGMENT.sub("/id", path.removeprefix("/2")).strip("/").replace("/", "_")
    return generic or SOURCE


def _retrieved_at(meta: Any) -> datetime | None:
    value = meta.get("retrieved_at") if isinstance(meta, dict) else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _kind_of(items: list[Any]) -> str:
    """ "tweets", "users", "empty" or "other" for the items of `data`."""
    if not items:
        return "empty"
    if not all(isinstance(item, dict) for item in items):
        return "other"
    if all("text" in item or "author_id" in item for item in items):
        return "tweets"
    if all("username" in item for item in items):
        return "users"
    return "other"


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(handle, start=1):
        line = raw.rstrip(b"\r\n")
        if line.strip():
            yield number, line


def read_twarc(
    path: str | Path, *, cursor: str | None = None, report: PullReport | None = None
) -> Iterator[Page]:
    """One Page per non-empty line of a twarc2 archive (see the module doc)."""
    path = Path(path).resolve()
    report = report if report is not None else PullReport()
    after = int(decode_cursor(cursor, SOURCE).get("line", 0))
    file_time = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    with open_archive(path) as handle:
        lines = _lines(handle)
        current = next(lines, None)
        while current is not None and current[0] <= after:
            current = next(lines, None)
        while current is not None:
            following = next(lines, None)
            number, line = current
            page = _page(path, number, line, file_time, report)
            yield replace(page, cursor=encode_cursor({"line": number}) if following else None)
            current = following


def read_twarc_batches(
    path: str | Path,
    *,
    cursor: str | None = None,
    report: PullReport | None = None,
    lines: int = LINES_PER_BATCH,
    max_bytes: int = BYTES_PER_BATCH,
) -> Iterator[Page]:
    """The Pages of `read_twarc`, merged `lines` at a time (fewer once `max_bytes` is reached);
    each merged Page's cursor is that of its last line."""
    batch: list[Page] = []
    size = 0
    for page in read_twarc(path, cursor=cursor, report=report):
        batch.append(page)
        size += len(page.body)
        if page.cursor is None or len(batch) >= lines or size >= max_bytes:
            yield merge_lines(batch)
            batch, size = [], 0


def merge_lines(pages: Sequence[Page]) -> Page:
    """One Page holding consecutive line Pages of one archive, in order."""
    if len(pages) == 1:
        return pages[0]
    first, last = pages[0].url, pages[-1].url
    base = first.split("#", 1)[0]
    span = f"{first.rsplit('=', 1)[1]}-{last.rsplit('=', 1)[1]}"
    endpoints = {page.endpoint for page in pages}
    return Page(
        source=SOURCE,
        endpoint=endpoints.pop() if len(endpoints) == 1 else SOURCE,
        url=f"{base}#lines={span}",
        received_at=max(page.received_at for page in pages),
        status=200,
        body=b"\n".join(page.body for page in pages),
        posts=pl.concat([page.posts for page in pages]),
        accounts=pl.concat([page.accounts for page in pages]),
        snapshots=pl.concat([page.snapshots for page in pages]),
        cursor=pages[-1].cursor,
        problems=tuple(problem for page in pages for problem in page.problems),
    )


def _bad(
    path: Path, number: int, line: bytes, received_at: datetime, reason: str, endpoint: str = SOURCE
) -> Page:
    text = line.decode("utf-8", errors="replace")
    log.warning("%s line %d: %s", path, number, reason)
    return Page(
        source=SOURCE,
        endpoint=endpoint,
        url=f"{path.as_uri()}#line={number}",
        received_at=received_at,
        status=200,
        body=line,
        posts=empty_posts(),
        accounts=empty_accounts(),
        snapshots=empty_snapshots(),
        cursor=None,
        problems=(BadLine(number, text, reason),),
    )


def _page(path: Path, number: int, line: bytes, file_time: datetime, report: PullReport) -> Page:
    report.pages += 1
    try:
        payload = json.loads(line)
    except ValueError as error:
        return _bad(path, number, line, file_time, f"not valid JSON: {error}")
    if not isinstance(payload, dict) or "data" not in payload:
        return _bad(
            path, number, line, file_time, "valid JSON, but not an X API v2 page (no 'data' object)"
        )
    meta = payload.get("__twarc")
    received_at = _retrieved_at(meta) or file_time
    endpoint = endpoint_of(meta.get("url") if isinstance(meta, dict) else None)
    data = payload["data"]
    items = [data] if isinstance(data, dict) else data
    kind = _kind_of(items) if isinstance(items, list) else "other"
    try:
        if kind in ("tweets", "empty"):
            posts, accounts, snapshots = map_x_page(payload, received_at)
        elif kind == "users":
            posts = empty_posts()
            accounts, snapshots = map_x_users(items, received_at)
        else:
            return _bad(
                path,
                number,
                line,
                received_at,
                "valid JSON, but its data are neither tweets nor users "
                "(tweet counts, lists or compliance results are not read)",
                endpoint,
            )
    except ValueError as error:
        return _bad(path, number, line, received_at, f"unexpected page: {error}", endpoint)
    report.records += len(items)
    errors = partial_errors(payload)
    if errors:
        report.skipped.append(f"{path.name} line {number}: partial errors: {errors}")
    return Page(
        source=SOURCE,
        endpoint=endpoint,
        url=f"{path.as_uri()}#line={number}",
        received_at=received_at,
        status=200,
        body=line,
        posts=posts,
        accounts=accounts,
        snapshots=snapshots,
        cursor=None,
    )


__all__ = [
    "BadLine",
    "endpoint_of",
    "is_twarc",
    "merge_lines",
    "read_twarc",
    "read_twarc_batches",
]
