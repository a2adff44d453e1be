"""core.accounts.asks_not_to_be_indexed: the migration, loads from frames and canonical files."""

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from schemas.records import ACCOUNT
from sources.files import read_canonical
from tests.builders import account, load, new_warehouse, rows
from warehouse.ingest import load_file
from warehouse.migrate import migrate

FLAG = "asks_not_to_be_indexed"


def flags(con) -> dict[str, bool | None]:
    found = rows(
        con, "select account_id, asks_not_to_be_indexed from core.accounts order by account_id"
    )
    return {r["account_id"]: r[FLAG] for r in found}


def test_the_column_is_a_nullable_boolean_with_its_description():
    con = new_warehouse()
    ((data_type, nullable, comment),) = con.execute(
        "select data_type, is_nullable, comment from duckdb_columns() "
        "where schema_name = 'core' and table_name = 'accounts' and column_name = ?",
        [FLAG],
    ).fetchall()
    assert (data_type, nullable) == ("BOOLEAN", True)
    assert comment.startswith("The account asks not to be indexed")


def test_accounts_loaded_before_the_migration_become_null(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("set timezone = 'UTC'")
    migrate(con, up_to=4)
    con.execute("insert into core.accounts values ('x', '1', 'alice', 'Alice', null)")
    migrate(con)
    assert flags(con) == {"1": None}


def test_the_flag_round_trips_through_load_records():
    con = new_warehouse()
    counts = load(
        con,
        accounts=[
            {**account("1", "alice", observed="2026-11-19T00:00:00Z"), FLAG: True},
            {**account("2", "bob", observed="2026-11-19T00:00:00Z"), FLAG: False},
            account("3", "carol", observed="2026-11-19T00:00:00Z"),  # no flag at all
        ],
    )
    assert (counts.changed, counts.rejected) == (3, 0)
    assert flags(con) == {"1": True, "2": False, "3": None}


def test_a_later_record_replaces_the_flag_unless_it_says_nothing():
    con = new_warehouse()
    load(
        con,
        accounts=[
            {**account("1", "alice", observed="2026-11-19T00:00:00Z"), FLAG: True},
            {**account("2", "bob", observed="2026-11-19T00:00:00Z"), FLAG: True},
        ],
    )
    load(
        con,
        accounts=[
            # a later post author view without the label: unknown, the True stays
            {**account("1", "alice2", observed="2026-11-20T00:00:00Z"), FLAG: None},
            # a later full profile that no longer asks
            {**account("2", "bob", observed="2026-11-20T00:00:00Z"), FLAG: False},
        ],
    )
    assert flags(con) == {"1": True, "2": False}
    assert rows(con, "select handle from core.accounts where account_id = '1'") == [
        {"handle": "alice2"}
    ]  # the rest of the record was replaced
    # an older record never replaces, whatever its flag
    load(con, accounts=[{**account("2", "bob", observed="2026-11-01T00:00:00Z"), FLAG: True}])
    assert flags(con) == {"1": True, "2": False}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_accounts(con, path: Path):
    return load_file(con, path, ACCOUNT, read_canonical(path, ACCOUNT), run_id="t")


def test_canonical_files_without_the_column_load_null(tmp_path):
    con = new_warehouse()
    csv = _write(
        tmp_path,
        "accounts.csv",
        "platform,account_id,handle,display_name,observed_at\n"
        "x,1,alice,Alice,2026-11-19T00:00:00Z\n",
    )
    jsonl = _write(
        tmp_path, "accounts.jsonl", '{"platform": "x", "account_id": "2", "handle": "bob"}\n'
    )
    parquet = tmp_path / "accounts.parquet"
    pl.DataFrame({"platform": ["x"], "account_id": ["3"], "handle": ["carol"]}).write_parquet(
        parquet
    )
    for path in (csv, jsonl, parquet):
        counts = _load_accounts(con, path)
        assert (counts.changed, counts.rejected) == (1, 0), path.name
    assert flags(con) == {"1": None, "2": None, "3": None}


def test_canonical_files_with_the_column(tmp_path):
    con = new_warehouse()
    csv = _write(
        tmp_path,
        "accounts.csv",
        "platform,account_id,handle,asks_not_to_be_indexed\n"
        "x,1,alice,true\nx,2,bob,FALSE\nx,3,carol,\nx,4,dave,maybe\n",
    )
    counts = _load_accounts(con, csv)
    assert (counts.changed, counts.rejected) == (3, 1)
    assert flags(con) == {"1": True, "2": False, "3": None}
    assert rows(con, "select reasons from quarantine.rejected") == [
        {"reasons": ["asks_not_to_be_indexed: 'maybe' is not true or false"]}
    ]

    jsonl = _write(
        tmp_path,
        "accounts.jsonl",
        '{"platform": "mastodon", "account_id": "5", "handle": "e@m.example", '
        '"asks_not_to_be_indexed": true}\n'
        '{"platform": "mastodon", "account_id": "6", "handle": "f@m.example", '
        '"asks_not_to_be_indexed": null}\n',
    )
    parquet = tmp_path / "accounts.parquet"
    pl.DataFrame(
        {"platform": ["bluesky"], "account_id": ["did:plc:g"], "handle": ["g.bsky"], FLAG: [True]}
    ).write_parquet(parquet)
    for path in (jsonl, parquet):
        counts = _load_accounts(con, path)
        assert counts.rejected == 0, path.name
    assert flags(con) == {"1": True, "2": False, "3": None, "5": True, "6": None, "did:plc:g": True}


ALICE_SAYS_NOTHING = {**account("1", "alice_new", observed="2026-11-20T00:00:00Z"), FLAG: None}
ALICE_ASKS = {**account("1", "alice_old", observed="2026-11-19T00:00:00Z"), FLAG: True}


def _alice(con) -> dict:
    [found] = rows(
        con, "select handle, asks_not_to_be_indexed, asks_not_to_be_indexed_at from core.accounts"
    )
    return found


@pytest.mark.parametrize(
    "batches",
    [
        [[ALICE_ASKS], [ALICE_SAYS_NOTHING]],
        [[ALICE_SAYS_NOTHING], [ALICE_ASKS]],  # the statement arrives after a later record
        [[ALICE_SAYS_NOTHING, ALICE_ASKS]],
        [[ALICE_ASKS, ALICE_SAYS_NOTHING]],
    ],
)
def test_the_flag_comes_from_the_latest_record_that_states_it_in_any_order(batches):
    """The handle is the latest record's (20 Nov); the flag is the 19 Nov record's, the
    latest that says anything about it, whichever arrives first."""
    con = new_warehouse()
    for batch in batches:
        load(con, accounts=batch)
    assert _alice(con) == {
        "handle": "alice_new",
        FLAG: True,
        "asks_not_to_be_indexed_at": datetime(2026, 11, 19, tzinfo=UTC),
    }


def test_a_later_statement_wins_and_an_older_one_does_not():
    """19 Nov asks, 21 Nov says it no longer asks, 20 Nov asks again: 21 Nov's False wins,
    in one batch or one by one, in any order."""
    records = [
        {**account("1", "a19", observed="2026-11-19T00:00:00Z"), FLAG: True},
        {**account("1", "a21", observed="2026-11-21T00:00:00Z"), FLAG: False},
        {**account("1", "a20", observed="2026-11-20T00:00:00Z"), FLAG: True},
    ]
    one_batch, one_by_one = new_warehouse(), new_warehouse()
    load(one_batch, accounts=records)
    for record in records:
        load(one_by_one, accounts=[record])
    for con in (one_batch, one_by_one):
        assert _alice(con) == {
            "handle": "a21",
            FLAG: False,
            "asks_not_to_be_indexed_at": datetime(2026, 11, 21, tzinfo=UTC),
        }


def test_the_upgrade_dates_flags_held_by_their_record(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("set timezone = 'UTC'")
    migrate(con, up_to=5)
    con.execute(
        "insert into core.accounts values ('x', '1', 'alice', null, '2026-11-19 00:00:00+00', "
        "true), ('x', '2', 'bob', null, '2026-11-19 00:00:00+00', null)"
    )
    migrate(con)
    dated = con.execute(
        "select account_id, asks_not_to_be_indexed_at from core.accounts order by 1"
    ).fetchall()
    assert dated == [("1", datetime(2026, 11, 19, tzinfo=UTC)), ("2", None)]
