"""Storing a page of a pull: its response in `raw`, its records through validation, and the
pull's cursor, in one transaction. Which source the page came from is the page's business."""

from collections.abc import Callable

import duckdb
import polars as pl

from schemas.pages import Page
from schemas.records import ACCOUNT, POST, SNAPSHOT
from schemas.validate import RECORD
from warehouse.cursors import PullKey
from warehouse.ingest import load_frames
from warehouse.load import LoadCounts, content_hash, land_raw, quarantine
from warehouse.sql import transaction


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


def store_page(
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
