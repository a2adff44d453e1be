"""Load batches of records as received: validate, quarantine the bad, upsert the good."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

import duckdb
import polars as pl

from schemas.records import RecordKind
from schemas.validate import REASONS, RECORD, ROW, prepare, split
from warehouse.conflicts import forget_replaced, settle_conflicts
from warehouse.load import LoadCounts, land_raw, quarantine, upsert
from warehouse.sql import transaction

RAW_BODY_LIMIT = 64 * 1024 * 1024
"""Files up to this size are held whole in `raw`; larger ones by their hash and size only."""


def _validated(
    kind: RecordKind, batches: Iterable[pl.DataFrame]
) -> Iterator[tuple[int, pl.DataFrame, pl.DataFrame, pl.DataFrame]]:
    """Each batch's height, prepared rows, valid rows and rejected rows."""
    for batch in batches:
        prepared = prepare(kind, batch)
        valid, rejected = split(kind, prepared)
        yield batch.height, prepared, valid, rejected


_END = object()
T = TypeVar("T")


def one_ahead(items: Iterator[T]) -> Iterator[T]:
    """The items in order, the next one made in a worker thread while the caller works on this
    one: reading and validating a batch (polars) then overlaps loading the one before (DuckDB),
    and both release the GIL. One item ahead keeps a file larger than memory streaming."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chatreach-batches") as pool:
        pending = pool.submit(next, items, _END)
        while (item := pending.result()) is not _END:
            pending = pool.submit(next, items, _END)
            yield cast(T, item)


def load_frames(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    batches: Iterable[pl.DataFrame],
    *,
    source: str,
    origin: str,
    run_id: str,
) -> LoadCounts:
    """Validate and load every batch; the caller owns the transaction."""
    counts = LoadCounts()
    for rows_in, prepared, valid, rejected in one_ahead(_validated(kind, batches)):
        numbers = prepared.select(ROW).join(rejected.select(ROW), on=ROW, how="anti")[ROW]
        valid, conflicts = settle_conflicts(con, kind, valid, numbers, run_id)
        rejected = pl.concat(
            [
                rejected.select(
                    pl.col(RECORD),
                    pl.col(REASONS).alias("reasons"),
                    pl.format("{} record {}", pl.lit(origin), pl.col(ROW)).alias("origin"),
                ),
                conflicts.select(
                    "record",
                    "reasons",
                    pl.when(pl.col("number").is_null())
                    .then(pl.lit(f"held in {kind.table}"))
                    .otherwise(pl.format("{} record {}", pl.lit(origin), pl.col("number")))
                    .alias("origin"),
                ),
            ]
        )
        counts += LoadCounts(
            rows_in=rows_in,
            changed=upsert(con, kind, valid, run_id),
            rejected=quarantine(con, kind, rejected, source=source, run_id=run_id),
        )
        forget_replaced(con, kind)
    return counts


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest(), path.stat().st_size


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: RecordKind,
    batches: Iterable[pl.DataFrame],
    *,
    run_id: str,
) -> LoadCounts:
    """Load one file in one transaction: all its good records, or nothing if the file is bad."""
    path = Path(path).resolve()
    digest, size = file_digest(path)
    with transaction(con):
        land_raw(
            con,
            source="files",
            endpoint=kind.name,
            origin=str(path),
            received_at=datetime.now(UTC),
            body=path.read_bytes() if size <= RAW_BODY_LIMIT else None,
            digest=digest,
            byte_count=size,
            run_id=run_id,
        )
        counts = load_frames(con, kind, batches, source="files", origin=path.name, run_id=run_id)
    return counts


def load_records(
    con: duckdb.DuckDBPyConnection,
    records: dict[RecordKind, pl.DataFrame],
    *,
    source: str,
    origin: str,
    run_id: str,
    after_load: Callable[[], None] | None = None,
) -> LoadCounts:
    """Load canonical frames of several kinds from one pull in one transaction.

    `after_load` runs inside the same transaction (to move a pull cursor with the data).
    """
    counts = LoadCounts()
    with transaction(con):
        for kind, frame in records.items():
            counts += load_frames(con, kind, [frame], source=source, origin=origin, run_id=run_id)
        if after_load is not None:
            after_load()
    return counts
