"""Load batches of records as received: validate, quarantine the bad, upsert the good."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

import duckdb
import polars as pl

from schemas.records import POST, RecordKind
from schemas.validate import REASONS, RECORD, ROW, prepare, split
from warehouse.conflicts import forget_replaced, settle_conflicts
from warehouse.load import STAGED, LoadCounts, land_raw, quarantine, upsert, with_keys
from warehouse.sql import scalar, transaction

RAW_BODY_LIMIT = 64 * 1024 * 1024
"""Files up to this size are held whole in `raw`; larger ones by their hash and size only."""


STAGE_BYTES = 512 * 1024 * 1024
"""A file's valid rows are staged in DuckDB (`STAGED`) until they reach about this size (as
polars sizes them), then settled and upserted together. Once per batch of 100k records, the
statements' fixed cost and their scans of the held table were most of a year's load; a
bound keeps a file larger than memory streaming."""

Validated = tuple[int, pl.DataFrame, pl.DataFrame]
"""A batch's height, valid rows as staged (with `_number` and a post's keys) and rejected
rows."""


def _validated(kind: RecordKind, batches: Iterable[pl.DataFrame]) -> Iterator[Validated]:
    for batch in batches:
        prepared = prepare(kind, batch)
        valid, rejected = split(kind, prepared)
        numbers = prepared.filter(~pl.col(ROW).is_in(rejected[ROW].implode()))[ROW]
        valid = valid.with_columns(numbers.cast(pl.Int64).alias("_number"))
        yield batch.height, with_keys(valid) if kind is POST else valid, rejected


_END = object()
T = TypeVar("T")


class OneAhead(Iterator[T]):
    """The items in order, the next one made in a worker thread while the caller works on this
    one, the first from the moment this is made: reading and validating a batch (polars) then
    overlaps loading the one before (DuckDB), and the first batch whatever comes before its
    load; both release the GIL. One item ahead keeps a file larger than memory streaming."""

    def __init__(self, items: Iterator[T]) -> None:
        self._items = items
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chatreach-batches")
        self._pending: Future[object] | None = self._pool.submit(next, items, _END)

    def __next__(self) -> T:
        if self._pending is None:
            raise StopIteration
        try:
            item = self._pending.result()
        except BaseException:
            self.close()
            raise
        if item is _END:
            self.close()
            raise StopIteration
        self._pending = self._pool.submit(next, self._items, _END)
        return cast(T, item)

    def close(self) -> None:
        """Stop making items: the one being made is finished, then the thread ends."""
        self._pending = None
        self._pool.shutdown(wait=True, cancel_futures=True)


class Validating(OneAhead[Validated]):
    """A file's batches read and validated one ahead (`OneAhead`), from the moment it is made:
    started before the warehouse is opened, or while the file before loads, the first batch
    is ready when its load begins."""

    def __init__(self, kind: RecordKind, batches: Iterable[pl.DataFrame]) -> None:
        super().__init__(_validated(kind, batches))


def load_frames(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    batches: Iterable[pl.DataFrame] | Validating,
    *,
    source: str,
    origin: str,
    run_id: str,
    on_batch: Callable[[int], None] | None = None,
) -> LoadCounts:
    """Validate and load every batch (as received, or already being validated); the caller
    owns the transaction. `on_batch` is told each loaded batch's record count."""
    counts = LoadCounts()
    validated = batches if isinstance(batches, Validating) else Validating(kind, batches)
    staged = _Staged(con, kind, source=source, origin=origin, run_id=run_id)
    try:
        for rows_in, valid, rejected in validated:
            invalid = rejected.select(
                pl.col(RECORD),
                pl.col(REASONS).alias("reasons"),
                pl.format("{} record {}", pl.lit(origin), pl.col(ROW)).alias("origin"),
            )
            counts += LoadCounts(
                rows_in=rows_in,
                rejected=quarantine(con, kind, invalid, source=source, run_id=run_id),
            )
            staged.add(valid)
            if staged.size >= STAGE_BYTES:
                counts += staged.load()
            if on_batch is not None:
                on_batch(rows_in)
        counts += staged.load()
    finally:
        validated.close()
    return counts


class _Staged:
    """A load's valid rows, held in `STAGED` until they are settled and upserted together."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, kind: RecordKind, *, source: str, origin: str,
        run_id: str,
    ) -> None:  # fmt: skip
        self._con, self._kind = con, kind
        self._source, self._origin, self._run_id = source, origin, run_id
        self.rows, self.size = 0, 0

    def add(self, valid: pl.DataFrame) -> None:
        """Stage the rows, numbered (`_order`) on from those staged before."""
        if valid.is_empty():
            return
        order = (pl.int_range(pl.len(), dtype=pl.Int64) + self.rows).alias("_order")
        self._con.register("stage_batch", valid.with_columns(order))
        try:
            self._con.execute(
                f"insert into {STAGED} by name select * from stage_batch"  # noqa: S608
                if self.rows
                else f"create or replace temp table {STAGED} as select * from stage_batch"  # noqa: S608
            )
        finally:
            self._con.unregister("stage_batch")
        self.rows += valid.height
        self.size += int(valid.estimated_size())

    def load(self) -> LoadCounts:
        """Settle the staged rows' conflicts, upsert the rest, quarantine the losers."""
        if not self.rows:
            return LoadCounts()
        con, kind = self._con, self._kind
        key = ", ".join(kind.key)
        keys = scalar(con, f"select count(*) from (select distinct {key} from {STAGED})")  # noqa: S608
        distinct = keys == self.rows
        lost = settle_conflicts(con, kind, self._run_id, distinct=distinct)
        changed = upsert(con, kind, self._run_id, distinct=distinct)
        rejected = lost.select(
            "record",
            "reasons",
            pl.when(pl.col("number").is_null())
            .then(pl.lit(f"held in {kind.table}"))
            .otherwise(pl.format("{} record {}", pl.lit(self._origin), pl.col("number")))
            .alias("origin"),
        )
        counts = LoadCounts(
            changed=changed,
            rejected=quarantine(con, kind, rejected, source=self._source, run_id=self._run_id),
        )
        forget_replaced(con, kind)
        con.execute(f"drop table {STAGED}")
        self.rows, self.size = 0, 0
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
    batches: Iterable[pl.DataFrame] | Validating,
    *,
    run_id: str,
    on_batch: Callable[[int], None] | None = None,
) -> LoadCounts:
    """Load one file in one transaction: all its good records, or nothing if the file is bad.
    `on_batch` is told each loaded batch's record count."""
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
        counts = load_frames(
            con, kind, batches, source="files", origin=path.name, run_id=run_id, on_batch=on_batch
        )
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
