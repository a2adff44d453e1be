"""The warehouse is written in a storage format DuckDB 1.4 and later read, and one written in
a newer format is converted by the next write, through the write model."""

import json
import os
import subprocess
import sys

import duckdb
import pytest

import warehouse.storage as storage
from tests.builders import load, post, snapshot
from tests.duckdb_clients import duckdb_cli, duckdb_python
from warehouse.migrate import migrate
from warehouse.publish import writing

# Asked of an old client in DuckDB's own catalogue terms: it read the marts and their comments.
_CHECKS = {
    "weeks": "select count(*) as n from marts.chat_week",
    "comment": "select comment from duckdb_columns() where schema_name = 'marts' "
    "and table_name = 'chat_week' and column_name = 'participants'",
    "comments": "select count(*) as n from duckdb_columns() where comment is not null",
}


def _tag(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select tags['storage_version'] from duckdb_databases() "
            "where database_name = current_database()"
        ).fetchone()[0]
    finally:
        con.close()


def _newer_format_warehouse(path) -> None:
    """A warehouse as chatreach before this change wrote it: DuckDB's default (newest) format."""
    con = duckdb.connect(str(path))
    con.execute("set timezone = 'UTC'")
    migrate(con)
    # A chat built before: the loads write the change log its next build reads.
    con.execute("insert into ops.builds values ('tchat', 'fingerprint', 0, now())")
    load(
        con,
        posts=[post("1", "10", "2026-11-18T01:00:00+00:00", likes=3)],
        snapshots=[snapshot("10", "2026-11-17T00:00:00+00:00", 40)],
    )
    con.close()


def _held(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "posts": con.execute("select post_id, like_count from core.posts").fetchall(),
            "changes": con.execute("select count(*), max(change_id) from ops.changes").fetchone(),
            "comments": con.execute(
                "select count(*) from duckdb_columns() where comment is not null"
            ).fetchone(),
            "keys": con.execute(
                "select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
            ).fetchone(),
        }
    finally:
        con.close()


def test_a_new_warehouse_is_written_in_the_v1_4_0_format(tmp_path):
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        con.execute("select 1")
    assert _tag(path) == "v1.4.0+"


def test_a_newer_format_is_converted_by_the_next_write_with_everything_kept(tmp_path):
    path = tmp_path / "w.duckdb"
    _newer_format_warehouse(path)
    assert _tag(path) == "v2.0.0+"
    before = _held(path)
    assert before["posts"] == [("1", 3)] and before["comments"][0] > 100
    with writing(path):
        pass  # a write with nothing to do still publishes the conversion
    assert _tag(path) == "v1.4.0+"
    assert _held(path) == before
    with writing(path) as con:  # the sequence goes on where it was: no change id is reused
        load(con, posts=[post("2", "11", "2026-11-18T02:00:00+00:00")])
    count, last = _held(path)["changes"]
    assert count == before["changes"][0] + 1 and last > before["changes"][1]


def test_a_failed_conversion_publishes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    _newer_format_warehouse(path)
    identity = os.stat(path)

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"), writing(path):
        pass
    after = os.stat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        identity.st_ino,
        identity.st_size,
        identity.st_mtime_ns,
    )
    assert _tag(path) == "v2.0.0+"
    assert not list(tmp_path.glob("*.converting*"))
    monkeypatch.undo()
    with writing(path):
        pass
    assert _tag(path) == "v1.4.0+"


@pytest.mark.slow
@pytest.mark.parametrize("requirement", ["duckdb-cli==1.4.4", "duckdb-cli<2"])
def test_the_duckdb_cli_reads_the_demo_warehouse_its_marts_and_comments(demo_site, requirement):
    cli = duckdb_cli(requirement)
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("v1."), version

    def ask(sql: str) -> list[dict]:
        done = subprocess.run(
            [str(cli), "-readonly", "-json", str(demo_site.warehouse), "-c", sql],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert ask(_CHECKS["weeks"]) == [{"n": 4}]
    assert ask(_CHECKS["comment"])[0]["comment"].startswith("Accounts with at least one chat post")
    assert ask(_CHECKS["comments"])[0]["n"] > 100


@pytest.mark.slow
def test_the_oldest_release_that_reads_the_format_opens_the_demo_warehouse(demo_site):
    assert storage.OLDEST_READER == "1.4.0"
    library = duckdb_python(f"duckdb=={storage.OLDEST_READER}")
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, con.execute('select count(*) from marts.account_week')"
        ".fetchone()[0] > 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(demo_site.warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(library)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1.4.0", "True"]
