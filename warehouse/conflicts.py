"""Conflicts: two records of one key, observed at the same time, that say different things.

METRICS.md's rule: the record whose canonical JSON (its columns, keys sorted, instants in UTC
ISO 8601, no white space) has the smaller SHA-256 is kept, whichever arrived first; the other
goes to `quarantine.rejected` with a reason naming the key and the columns in which it differs
from the record kept. A held record that loses leaves core for quarantine, and the records
that had lost to it are stated against the new winner. So records in any order or batches
give the same warehouse.

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
from warehouse.changes import change_log_is_read
from warehouse.load import STAGED
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


def _observed(kind: RecordKind, observed_at: str) -> str:
    """When a record was observed (`observed_at`, its SQL), as compared: NULL lowest; a
    snapshot's is always equal."""
    if kind.observed:
        return f"coalesce({observed_at}, '-infinity'::timestamptz)"
    return "'-infinity'::timestamptz"


def _time(kind: RecordKind, alias: str) -> str:
    """`_observed` of a row (`alias`)."""
    return _observed(kind, f"{alias}.observed_at")


def _differing(kind: RecordKind, a: str, b: str) -> str:
    """The content columns in which two canonical JSON records (`a`, `b`) differ, sorted."""
    checks = ", ".join(
        f"case when json_extract({a}, '$.{c}') is distinct from json_extract({b}, '$.{c}') "
        f"then '{c}' end"
        for c in content_columns(kind)
    )
    return f"list_filter([{checks}], lambda c: c is not null)"


def _reason(kind: RecordKind, row: str, lost: str, kept: str) -> str:
    """The quarantine reason of the record `lost` against `kept` (canonical JSON): the key,
    its values (from `row`) and the columns that differ."""
    key = ", ".join(kind.key)
    values = " || ', ' || ".join(f"{row}.{c}::varchar" for c in kind.key)
    return (
        f"['conflict: another {kind.name} record of ({key}) = (' || {values} || ') observed at "
        f"the same time differs in ' || array_to_string({_differing(kind, lost, kept)}, ', ') "
        "|| '; the one whose canonical JSON has the smaller SHA-256 is kept']"
    )


def _record_time(kind: RecordKind, record: str) -> str:
    """`_observed` of a quarantined record, read off its canonical JSON."""
    return _observed(kind, f"json_extract_string({record}, '$.observed_at')::timestamptz")


def _same_key_as_record(kind: RecordKind, row: str, record: str) -> str:
    return " and ".join(f"{row}.{c} = json_extract_string({record}, '$.{c}')" for c in kind.key)


def settle_conflicts(
    con: duckdb.DuckDBPyConnection, kind: RecordKind, run_id: str, distinct: bool
) -> pl.DataFrame:
    """Take out of the staged rows (`STAGED`, `distinct` if each key is staged once) the
    conflicts they lose, and return the losers as quarantine rows: `record` (canonical JSON),
    `reasons`, `number` (the record's number in its file; null for a held record). Held losers
    are taken out of core (the caller owns the transaction)."""
    key = ", ".join(kind.key)
    on_key = " and ".join(f"a.{c} = b.{c}" for c in kind.key)
    rows = f"select {key}, _order, {_time(kind, 'r')} as _at from {STAGED} as r"  # noqa: S608
    # Canonical JSON is made only where two records can meet: several rows of a key at its
    # latest time in the staged rows, or a row at the time of the one held (a load of new
    # records makes none). When every key is staged once (most loads), none is tied.
    if distinct:
        top, tied = f"(select *, 1::bigint as _tied from ({rows}))", ""  # noqa: S608
    else:
        con.execute(
            "create or replace temp table conflict_keys as "  # noqa: S608
            f"select *, count(*) over (partition by {key}) as _tied from ("
            f"{rows} qualify _at = max(_at) over (partition by {key}))"
        )
        top, tied = "conflict_keys", "select _order from conflict_keys where _tied > 1 union "
    same_key = " and ".join(f"held.{c} = t.{c}" for c in kind.key)
    # A row that says what is held says nothing new (a file loaded again: every row): its
    # columns are compared as they are, and canonical JSON is made only of the others. An inner
    # join, so that DuckDB builds its hash table on the staged rows, not on what is held.
    differs = " or ".join(f"held.{c} is distinct from r.{c}" for c in content_columns(kind))
    meets_held = (
        f"select t._order from {kind.table} as held join {top} as t "  # noqa: S608
        f"on {same_key} and {_time(kind, 'held')} = t._at "
        f"join {STAGED} as r on r._order = t._order where {differs}"
    )
    con.execute(
        "create or replace temp table conflict_top as "  # noqa: S608
        f"select r.*, t._at, t._tied, {canonical_json(kind, 'r')} as _json "
        f"from {top} as t join {STAGED} as r using (_order) "
        f"where t._order in ({tied}{meets_held})"
    )
    lost = _settle(con, kind, run_id, key, on_key)
    for table in _CONFLICT_TABLES:
        con.execute(f"drop table if exists {table}")
    return lost


_CONFLICT_TABLES = (
    "conflict_keys",
    "conflict_top",
    "conflict_winner",
    "conflict_held",
    "conflict_final",
    "conflict_staged_lost",
    "conflict_lost",
)


def _settle(
    con: duckdb.DuckDBPyConnection, kind: RecordKind, run_id: str, key: str, on_key: str
) -> pl.DataFrame:
    con.execute(
        "create or replace temp table conflict_winner as "  # noqa: S608
        "select *, sha256(_json) as _hash from conflict_top "
        f"qualify row_number() over (partition by {key} order by sha256(_json), _order) = 1"
    )
    held_json = canonical_json(kind, "a")
    con.execute(
        "create or replace temp table conflict_held as "  # noqa: S608
        f"select a.*, {held_json} as _json, sha256({held_json}) as _hash "
        f"from {kind.table} as a semi join conflict_winner as b "
        f"on {on_key} and {_time(kind, 'a')} = b._at"
    )
    # The record each key keeps, of the staged winner and the one held at the same time. Every
    # loser is stated against it, whatever order the records came in.
    con.execute(
        "create or replace temp table conflict_final as "  # noqa: S608
        f"select {', '.join(f'b.{c}' for c in kind.key)}, b._at, "
        "coalesce(a._hash > b._hash, false) as _held_lost, "
        "case when a._hash < b._hash then a._json else b._json end as _json "
        f"from conflict_winner as b left join conflict_held as a on {on_key}"
    )
    reason = _reason(kind, "b", "a._json", "b._json")
    con.execute(
        "create or replace temp table conflict_staged_lost as "  # noqa: S608
        f"select a._order, a._number as number, a._json as record, {reason} as reasons "
        f"from conflict_top as a join conflict_final as b on {on_key} where a._json <> b._json"
    )
    con.execute(
        "create or replace temp table conflict_lost as "  # noqa: S608
        f"select a.*, {reason} as _reasons "
        f"from conflict_held as a join conflict_final as b on {on_key} where b._held_lost"
    )
    staged_lost = con.sql("select number, record, reasons from conflict_staged_lost").pl()
    held_lost = con.sql(
        "select null::bigint as number, _json as record, _reasons as reasons from conflict_lost"
    ).pl()
    if staged_lost.height:
        # A loser is not upserted (older rows of its key may stay: they replace nothing).
        con.execute(
            f"delete from {STAGED} where _order in (select _order from conflict_staged_lost)"  # noqa: S608
        )
    if held_lost.height:
        _replace_held_losers(con, kind, run_id, on_key)
    lost = pl.concat(
        [
            frame.select("record", "reasons", pl.col("number").cast(pl.Int64))
            for frame in (staged_lost, held_lost)
        ]
    )
    return lost if lost.height else _NO_LOSERS


def _replace_held_losers(
    con: duckdb.DuckDBPyConnection, kind: RecordKind, run_id: str, on_key: str
) -> None:
    """Take the held records that lost (`conflict_lost`) out of core, and state the records
    quarantined as losing to them against the new winner instead."""
    if kind.name in _CHANGES and change_log_is_read(con):
        con.execute(
            "insert into ops.changes (record_kind, platform, account_id, old_at, new_at, run_id) "
            f"{_CHANGES[kind.name]}",
            {"run_id": run_id},
        )
    con.execute(
        f"delete from {kind.table} as a using conflict_lost as b where {on_key}"  # noqa: S608
    )
    con.execute(
        f"""
        update quarantine.rejected as q
        set reasons = {_reason(kind, "b", "q.record", "b._json")}
        from conflict_final as b
        where b._held_lost and q.record_kind = $kind and starts_with(q.reasons[1], 'conflict: ')
            and {_same_key_as_record(kind, "b", "q.record")}
            and {_record_time(kind, "q.record")} = b._at
        """,  # noqa: S608 - names are ours
        {"kind": kind.name},
    )


_NO_LOSERS = pl.DataFrame(
    schema={"record": pl.String, "reasons": pl.List(pl.String), "number": pl.Int64}
)


def forget_replaced(con: duckdb.DuckDBPyConnection, kind: RecordKind) -> None:
    """Take out of quarantine the conflict losers of keys that now hold a later observation."""
    if not kind.observed:
        return
    con.execute(
        f"""
        delete from quarantine.rejected as q
        using (
            select lost.source, lost.record_hash
            from quarantine.rejected as lost
            join {kind.table} as held on {_same_key_as_record(kind, "held", "lost.record")}
            where lost.record_kind = $kind and starts_with(lost.reasons[1], 'conflict: ')
                and {_time(kind, "held")} > {_record_time(kind, "lost.record")}
        ) as gone
        where q.source = gone.source and q.record_hash = gone.record_hash
        """,  # noqa: S608 - names are ours
        {"kind": kind.name},
    )
