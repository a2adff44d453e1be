"""Conflicts: two records of one key, observed at the same time, that say different things.

METRICS.md's rule: the record whose canonical JSON (its columns, keys sorted, instants in UTC
ISO 8601, no white space) has the smaller SHA-256 is kept, whichever arrived first; the other
goes to `quarantine.rejected` with a reason naming the key and the columns that differ. A
held record that loses leaves core for quarantine. So records in any order or batches give
the same warehouse.

"At the same time" is an equal `observed_at` (NULL equal to NULL); a snapshot has none, so two
snapshots of one key always meet. A conflict is about the record a key holds: once a later
observation replaces it, the conflict's loser leaves quarantine as the replaced record leaves
core (`forget_replaced`), so records that arrive before or after that later one, or with it,
give the same quarantine. An account's `asks_not_to_be_indexed` is not part of its
content here: it follows its own rule (the latest record that states it; see load.py).
"""

import duckdb
import polars as pl

from schemas.records import RecordKind
from warehouse.sql import iso_utc

_NOT_CONTENT = {"account": ("asks_not_to_be_indexed",)}
_BEYOND_CONTRACT = {"post": ("view_count",)}
"""Columns chatreach keeps beyond METRICS.md's canonical record."""
_CHANGES = {
    "post": "select 'post', platform, author_id, created_at, null, $run_id from conflict_lost",
    "snapshot": "select 'snapshot', platform, account_id, null, captured_at, $run_id "
    "from conflict_lost",
}
"""What a held record leaving core adds to the change log (as load.py's _CHANGES)."""


def content_columns(kind: RecordKind) -> list[str]:
    """The columns whose values make a record's content, sorted by name."""
    return sorted(c for c in kind.columns if c not in _NOT_CONTENT.get(kind.name, ()))


def canonical_json(kind: RecordKind, alias: str) -> str:
    """The SQL expression of a row's canonical JSON (`alias` names the row). A column beyond
    METRICS.md's record (`_BEYOND_CONTRACT`) is in it only when set, so that a record without
    it hashes exactly as the contract's columns say."""
    optional = [c for c in _BEYOND_CONTRACT.get(kind.name, ()) if c in kind.columns]

    def packed(columns: list[str]) -> str:
        parts = []
        for column in columns:
            value = f"{alias}.{column}"
            if kind.columns[column] == pl.Datetime:
                value = iso_utc(value)
            parts.append(f"{column} := {value}")
        return f"to_json(struct_pack({', '.join(parts)}))::varchar"

    columns = content_columns(kind)
    if not optional:
        return packed(columns)
    unset = " and ".join(f"{alias}.{c} is null" for c in optional)
    core = [c for c in columns if c not in optional]
    # One such column today, so two cases: set or not.
    return f"case when {unset} then {packed(core)} else {packed(columns)} end"


def _time(kind: RecordKind, alias: str) -> str:
    """When a row was observed, as compared: NULL lowest; a snapshot's is always equal."""
    if "observed_at" in kind.columns and "observed_at" not in kind.key:
        return f"coalesce({alias}.observed_at, '-infinity'::timestamptz)"
    return "'-infinity'::timestamptz"


def _differing(kind: RecordKind, a: str, b: str) -> str:
    checks = ", ".join(
        f"case when {a}.{c} is distinct from {b}.{c} then '{c}' end" for c in content_columns(kind)
    )
    return f"list_filter([{checks}], lambda c: c is not null)"


def _reason(kind: RecordKind, row: str, differing: str) -> str:
    """The quarantine reason: the key, its values and the columns that differ."""
    key = ", ".join(kind.key)
    values = " || ', ' || ".join(f"{row}.{c}::varchar" for c in kind.key)
    return (
        f"'conflict: another {kind.name} record of ({key}) = (' || {values} || ') observed at "
        f"the same time differs in ' || array_to_string({differing}, ', ') || '; the one whose "
        "canonical JSON has the smaller SHA-256 is kept'"
    )


def settle_conflicts(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    valid: pl.DataFrame,
    numbers: pl.Series,
    run_id: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The valid rows without the conflicts they lose, and the losers as quarantine rows:
    `record` (canonical JSON), `reasons`, `number` (the record's number in its batch, from
    `numbers`; null for a held record). Held losers are taken out of core (the caller owns
    the transaction)."""
    empty = pl.DataFrame(
        schema={"record": pl.String, "reasons": pl.List(pl.String), "number": pl.Int64}
    )
    if valid.is_empty():
        return valid, empty
    key = ", ".join(kind.key)
    on_key = " and ".join(f"a.{c} = b.{c}" for c in kind.key)
    con.register(
        "conflict_input",
        valid.with_row_index("_order").with_columns(numbers.cast(pl.Int64).alias("_number")),
    )
    try:
        return _settle(con, kind, valid, run_id, key, on_key, empty)
    finally:
        con.unregister("conflict_input")


def _settle(
    con: duckdb.DuckDBPyConnection,
    kind: RecordKind,
    valid: pl.DataFrame,
    run_id: str,
    key: str,
    on_key: str,
    empty: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    # The keys alone first: a batch's rows are read whole only where two records can meet.
    con.execute(
        "create or replace temp table conflict_rows as "  # noqa: S608 - names are ours
        f"select {key}, _order, {_time(kind, 'r')} as _at from conflict_input as r"
    )
    # Canonical JSON is made only where two records can meet: several rows of a key at its
    # latest time in the batch, or a row at the time of the one held (a load of new records
    # makes none). A batch whose keys are all distinct (most are) is its own top with none
    # tied: counting its distinct keys costs a third of the two windows.
    distinct = con.execute(
        f"select count(*) from (select distinct {key} from conflict_rows)"  # noqa: S608
    ).fetchall()[0][0]
    if distinct == valid.height:
        con.execute(
            "create or replace temp table conflict_top as "
            "select *, 1::bigint as _tied from conflict_rows"
        )
    else:
        con.execute(
            "create or replace temp table conflict_top as "  # noqa: S608
            f"select *, count(*) over (partition by {key}) as _tied from ("
            f"select * from conflict_rows qualify _at = max(_at) over (partition by {key}))"
        )
    same_key = " and ".join(f"held.{c} = t.{c}" for c in kind.key)
    # An inner join, so that DuckDB builds its hash table on the batch, not on what is held.
    meets_held = (
        f"select t._order from {kind.table} as held join conflict_top as t "  # noqa: S608
        f"on {same_key} and {_time(kind, 'held')} = t._at"
    )
    con.execute(
        "create or replace temp table conflict_candidates as "  # noqa: S608
        f"select r.*, t._at, t._tied, {canonical_json(kind, 'r')} as _json "
        "from conflict_top as t join conflict_input as r using (_order) "
        f"where t._order in (select _order from conflict_top where _tied > 1 union {meets_held})"
    )
    con.execute(
        "create or replace temp table conflict_winner as "  # noqa: S608
        "select *, sha256(_json) as _hash from conflict_candidates "
        f"qualify row_number() over (partition by {key} order by sha256(_json), _order) = 1"
    )
    con.execute("drop table conflict_top")
    con.execute("alter table conflict_candidates rename to conflict_top")
    lost_in_batch = con.sql(
        f"select a._order, a._number as number, a._json as record, "  # noqa: S608
        f"[{_reason(kind, 'a', _differing(kind, 'a', 'b'))}] as reasons "
        f"from conflict_top as a join conflict_winner as b on {on_key} "
        "where a._json <> b._json"
    ).pl()
    # The winners against what is held at the same time.
    con.execute(
        "create or replace temp table conflict_held as "  # noqa: S608
        f"select a.*, {canonical_json(kind, 'a')} as _json, b._json as _new_json, "
        f"b._hash as _new_hash, b._order as _new_order, b._number as _new_number, "
        f"[{_reason(kind, 'a', _differing(kind, 'a', 'b'))}] as _reasons "
        f"from {kind.table} as a join conflict_winner as b on {on_key} "
        f"where {_time(kind, 'a')} = b._at"
    )
    con.execute(
        "create or replace temp table conflict_lost as "  # noqa: S608
        "select * from conflict_held where _json <> _new_json and _new_hash < sha256(_json)"
    )
    held_lost = con.sql(
        "select _json as record, _reasons as reasons, null::bigint as number from conflict_lost"
    ).pl()
    new_lost = con.sql(
        "select _new_order as _order, _new_number as number, _new_json as record, "
        "_reasons as reasons "
        "from conflict_held where _json <> _new_json and _new_hash > sha256(_json)"
    ).pl()
    if held_lost.height:
        if kind.name in _CHANGES:
            con.execute(
                "insert into ops.changes (record_kind, platform, account_id, old_at, new_at, "
                f"run_id) {_CHANGES[kind.name]}",
                {"run_id": run_id},
            )
        con.execute(
            f"delete from {kind.table} as a using conflict_lost as b where {on_key}"  # noqa: S608
        )
    # A key whose held record wins keeps nothing of this batch.
    beaten = con.sql(
        f"select r._order from conflict_rows as r semi join ("  # noqa: S608
        f"select {key} from conflict_held where _json <> _new_json "
        f"and _new_hash > sha256(_json)) as k using ({key})"
    ).pl()
    for table in ("conflict_rows", "conflict_top", "conflict_winner", "conflict_held"):
        con.execute(f"drop table {table}")
    con.execute("drop table conflict_lost")
    dropped = pl.concat([lost_in_batch["_order"], beaten["_order"]]).unique()
    kept = valid.with_row_index("_order").filter(~pl.col("_order").is_in(dropped)).drop("_order")
    lost = pl.concat(
        [
            frame.select("record", "reasons", pl.col("number").cast(pl.Int64))
            for frame in (lost_in_batch, new_lost, held_lost)
        ]
    )
    return kept, lost if lost.height else empty


def forget_replaced(con: duckdb.DuckDBPyConnection, kind: RecordKind) -> None:
    """Take out of quarantine the conflict losers of keys that now hold a later observation."""
    if "observed_at" not in kind.columns or "observed_at" in kind.key:
        return
    same_key = " and ".join(
        f"held.{c} = json_extract_string(lost.record, '$.{c}')" for c in kind.key
    )
    lost_at = "coalesce(json_extract_string(lost.record, '$.observed_at')::timestamptz, "
    lost_at += "'-infinity'::timestamptz)"
    con.execute(
        f"""
        delete from quarantine.rejected as q
        using (
            select lost.source, lost.record_hash
            from quarantine.rejected as lost
            join {kind.table} as held on {same_key}
            where lost.record_kind = $kind and starts_with(lost.reasons[1], 'conflict: ')
                and {_time(kind, "held")} > {lost_at}
        ) as gone
        where q.source = gone.source and q.record_hash = gone.record_hash
        """,  # noqa: S608 - names are ours
        {"kind": kind.name},
    )
