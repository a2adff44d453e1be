"""Idempotent loads: raw landing, upserts into core with the replacement rules, quarantine."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from schemas.records import POST, RecordKind
from warehouse.sql import scalar


@dataclass
class LoadCounts:
    """What one load did: rows received, rows that changed core, rows rejected."""

    rows_in: int = 0
    changed: int = 0
    rejected: int = 0

    def __iadd__(self, other: "LoadCounts") -> "LoadCounts":
        self.rows_in += other.rows_in
        self.changed += other.changed
        self.rejected += other.rejected
        return self


def content_hash(body: bytes) -> str:
    """The key of a raw payload: sha256 of its bytes."""
    return hashlib.sha256(body).hexdigest()


def land_raw(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    endpoint: str | None,
    origin: str,
    received_at: datetime,
    body: bytes | None,
    digest: str,
    byte_count: int,
    status: int | None = None,
    run_id: str | None = None,
) -> bool:
    """Append a payload to `raw.payloads` unless the same content is held; True if it was new."""
    if scalar(con, "select count(*) from raw.payloads where content_hash = ?", [digest]):
        return False
    con.execute(
        "insert into raw.payloads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [digest, source, endpoint, origin, received_at, status, byte_count, body, run_id],
    )
    return True


def _text_key(column: str) -> pl.Expr:
    return pl.col(column).str.normalize("NFKC").str.to_lowercase()


def _with_keys(posts: pl.DataFrame) -> pl.DataFrame:
    return posts.with_columns(
        pl.col("hashtags")
        .list.eval(pl.element().str.strip_prefix("#").str.normalize("NFKC").str.to_lowercase())
        .alias("hashtag_keys"),
        _text_key("author_handle").alias("author_handle_key"),
    )


def latest_per_key(kind: RecordKind, valid: pl.DataFrame) -> pl.DataFrame:
    """One row per key: the latest observation, the first in batch order among equals."""
    order = [*kind.key]
    descending = [False] * len(kind.key)
    if "observed_at" in valid.columns and "observed_at" not in kind.key:
        order.append("observed_at")
        descending.append(True)
    return (
        valid.with_row_index("_order")
        .sort([*order, "_order"], descending=[*descending, False], nulls_last=True)
        .unique(subset=list(kind.key), keep="first", maintain_order=True)
        .sort("_order")
        .drop("_order")
    )


_REPLACES = {
    "post": "excluded.observed_at > posts.observed_at",
    "account": "excluded.observed_at is not null and "
    "(accounts.observed_at is null or excluded.observed_at > accounts.observed_at)",
}
_KEPT_WHEN_UNSAID = {"asks_not_to_be_indexed"}
"""Columns a replacing record leaves as they are when it has them null (its source did not
say: a Bluesky post's author view has no description, a canonical file may omit the column)."""
_CHANGES = {
    "post": """
        insert into ops.changes (record_kind, platform, account_id, old_at, new_at, run_id)
        select 'post', b.platform, b.author_id, p.created_at, b.created_at, $run_id
        from load_batch b left join core.posts p using (platform, post_id)
        where p.post_id is null or b.observed_at > p.observed_at
        union all
        select 'post', p.platform, p.author_id, p.created_at, null, $run_id
        from load_batch b join core.posts p using (platform, post_id)
        where b.observed_at > p.observed_at and p.author_id <> b.author_id
    """,
    "snapshot": """
        insert into ops.changes (record_kind, platform, account_id, old_at, new_at, run_id)
        select 'snapshot', b.platform, b.account_id, null, b.captured_at, $run_id
        from load_batch b anti join core.follower_snapshots s
            using (platform, account_id, captured_at)
    """,
}
_CHANGED_ROWS = {
    "post": "select count(*) from load_batch b left join core.posts p using (platform, post_id) "
    "where p.post_id is null or b.observed_at > p.observed_at",
    "account": "select count(*) from load_batch b left join core.accounts a "
    "using (platform, account_id) where a.account_id is null or (b.observed_at is not null and "
    "(a.observed_at is null or b.observed_at > a.observed_at))",
    "snapshot": "select count(*) from load_batch b anti join core.follower_snapshots s "
    "using (platform, account_id, captured_at)",
}


def upsert(
    con: duckdb.DuckDBPyConnection, kind: RecordKind, valid: pl.DataFrame, run_id: str
) -> int:
    """Upsert valid canonical rows into core by the replacement rules; return rows changed."""
    if valid.is_empty():
        return 0
    batch = latest_per_key(kind, valid)
    if kind is POST:
        batch = _with_keys(batch)
    con.register("load_batch", batch)
    try:
        changed = int(scalar(con, _CHANGED_ROWS[kind.name]))
        if kind.name in _CHANGES:
            con.execute(_CHANGES[kind.name], {"run_id": run_id})
        columns = ", ".join(batch.columns)
        table_name = kind.table.split(".")[1]
        conflict = ", ".join(kind.key)
        if kind.name in _REPLACES:
            updates = ", ".join(
                f"{c} = coalesce(excluded.{c}, {table_name}.{c})"
                if c in _KEPT_WHEN_UNSAID
                else f"{c} = excluded.{c}"
                for c in batch.columns
                if c not in kind.key
            )
            action = f"do update set {updates} where {_REPLACES[kind.name]}"
        else:
            action = "do nothing"
        con.execute(
            f"insert into {kind.table} as {table_name} ({columns}) "  # noqa: S608 - names are ours
            f"select {columns} from load_batch on conflict ({conflict}) {action}"
        )
    finally:
        con.unregister("load_batch")
    return changed


def quarantine(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    rejected: pl.DataFrame,
    *,
    source: str,
    run_id: str,
) -> int:
    """Hold rejected records (`record`, `reasons`, `origin`) in quarantine.rejected, once each."""
    if rejected.is_empty():
        return 0
    rows = rejected.select(
        pl.lit(source).alias("source"),
        pl.lit(kind.name).alias("record_kind"),
        pl.col("record"),
        pl.col("reasons"),
        pl.col("origin"),
    )
    con.register("rejected_batch", rows)
    try:
        con.execute(
            """
            insert into quarantine.rejected
                (source, record_kind, record, record_hash, reasons, origin, first_seen_at, run_id)
            select source, record_kind, record, md5(record), reasons, origin, now(), $run_id
            from rejected_batch
            qualify row_number() over (partition by source, md5(record)) = 1
            on conflict (source, record_hash) do nothing
            """,
            {"run_id": run_id},
        )
    finally:
        con.unregister("rejected_batch")
    return rows.height
