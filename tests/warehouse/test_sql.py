"""The SQL helpers every writer uses: one transaction per block, and migrations numbered once."""

import re
from importlib import resources

import duckdb
import pytest

from warehouse.sql import transaction


def test_a_transaction_commits_when_its_block_ends():
    con = duckdb.connect()
    con.execute("create table t (x integer)")
    with transaction(con):
        con.execute("insert into t values (1)")
    assert con.execute("select x from t").fetchall() == [(1,)]


def test_a_failing_block_leaves_nothing_and_its_own_error_is_seen():
    """The block fails on a constraint (the transaction is aborted, so a later statement in
    it would fail too): the insert before it is gone and the constraint error is raised."""
    con = duckdb.connect()
    con.execute("create table t (x integer primary key)")
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("insert into t values (1)")
        con.execute("insert into t values (1)")
    assert con.execute("select count(*) from t").fetchall() == [(0,)]
    with pytest.raises(KeyError), transaction(con):
        con.execute("insert into t values (2)")
        raise KeyError("stop")
    assert con.execute("select count(*) from t").fetchall() == [(0,)]


def test_migration_numbers_are_unique_and_follow_each_other():
    """Read from the file names themselves: 0001, 0002, … with no number twice or missing."""
    names = sorted(
        entry.name
        for entry in (resources.files("warehouse") / "migrations").iterdir()
        if entry.name.endswith(".sql")
    )
    numbers = [int(re.match(r"(\d{4})_[a-z0-9_]+\.sql$", name)[1]) for name in names]
    assert numbers == list(range(1, len(names) + 1)), names
