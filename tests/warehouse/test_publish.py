"""The write model: private working copy, atomic publish, a lock between writers."""

import multiprocessing
import time
from pathlib import Path

import duckdb
import pytest

from warehouse.migrate import LATEST_VERSION, migrate
from warehouse.publish import (
    Paths,
    WarehouseLocked,
    WarehouseMissing,
    WarehouseOutdated,
    reading,
    writing,
)


def _count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from ops.runs").fetchall()[0][0]
    finally:
        con.close()


def _add_run(con, run_id: str) -> None:
    con.execute(
        "insert into ops.runs (run_id, flow, started_at, status) values (?, 'test', now(), 'x')",
        [run_id],
    )


def test_the_first_write_creates_a_migrated_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        _add_run(con, "a")
    assert path.exists() and _count(path) == 1
    reader = reading(path)
    assert reader.execute("select max(version) from ops.schema_version").fetchall() == [
        (LATEST_VERSION,)
    ]
    reader.close()
    assert not Paths(path).working.exists()


def test_an_error_publishes_nothing_and_the_next_writer_resumes_the_committed_steps(tmp_path):
    """The published file is untouched; the next writer starts from the killed run's copy."""
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        _add_run(con, "a")
    with pytest.raises(RuntimeError), writing(path) as con:
        _add_run(con, "b")
        raise RuntimeError("the run dies here")
    assert _count(path) == 1
    with writing(path) as con:
        assert con.execute("select count(*) from ops.runs").fetchall() == [(2,)]


def test_a_working_copy_of_an_older_published_file_is_discarded(tmp_path):
    """If the published file changed since the copy was made, the copy is not reused."""
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        _add_run(con, "a")
    with pytest.raises(RuntimeError), writing(path) as con:
        _add_run(con, "b")
        raise RuntimeError("dies")
    replacement = tmp_path / "other.duckdb"
    other = duckdb.connect(str(replacement))
    migrate(other)
    other.close()
    replacement.replace(path)
    with writing(path) as con:
        assert con.execute("select count(*) from ops.runs").fetchall() == [(0,)]


def _hold_lock(path: str, seconds: float, ready) -> None:
    with writing(Path(path)):
        ready.set()
        time.sleep(seconds)


def test_a_second_writer_waits_a_bounded_time_then_stops_with_a_clear_message(tmp_path):
    path = tmp_path / "w.duckdb"
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(path), 3.0, ready))
    holder.start()
    try:
        assert ready.wait(20)
        started = time.monotonic()
        with pytest.raises(WarehouseLocked, match="another chatreach run is writing it"):
            with writing(path, lock_timeout_seconds=0.5):
                pass
        assert time.monotonic() - started < 2.5
    finally:
        holder.join()
    with writing(path, lock_timeout_seconds=0.5) as con:
        _add_run(con, "after")


def test_a_lock_left_by_a_killed_writer_does_not_block(tmp_path):
    """A SIGKILLed holder leaves the lock file, but the kernel released its lock."""
    path = tmp_path / "w.duckdb"
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(path), 60.0, ready))
    holder.start()
    assert ready.wait(20)
    holder.kill()
    holder.join()
    assert Paths(path).lock.exists()
    with writing(path, lock_timeout_seconds=1) as con:
        _add_run(con, "after-kill")
    assert _count(path) == 1


def test_a_reader_keeps_its_view_and_does_not_block_the_writer(tmp_path):
    """A read-only session stays open across a publish and sees the old file until it reconnects."""
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        _add_run(con, "a")
    reader = reading(path)
    with writing(path) as con:
        _add_run(con, "b")
    assert reader.execute("select count(*) from ops.runs").fetchall() == [(1,)]
    reader.close()
    assert _count(path) == 2


def test_reading_a_missing_warehouse_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseMissing, match="no warehouse yet"):
        reading(tmp_path / "none.duckdb")


def test_reading_an_outdated_warehouse_asks_for_an_upgrade(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema ops")
    con.execute(
        "create table ops.schema_version (version integer, name varchar, applied_at timestamptz)"
    )
    con.execute("insert into ops.schema_version values (0, 'none', now())")
    con.close()
    with pytest.raises(WarehouseOutdated, match="chatreach build"):
        reading(path)


def _blocks(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select total_blocks, free_blocks from pragma_database_size()"
        ).fetchall()[0]
    finally:
        con.close()


def _with_tables_of_rows(path: Path, **tables: int) -> None:
    """A warehouse with a table of n rows per name, each checkpointed before the next, then a
    small table `kept` (dropping one of them frees blocks that are not at the file's end)."""
    with writing(path) as con:
        for name, n in tables.items():
            con.execute(f"create table {name} as select md5(range::varchar) as t from range({n})")
            con.execute("checkpoint")
        con.execute("create table kept as select range as n from range(1000)")


@pytest.mark.parametrize("dropped", ["large", "small"])
def test_a_file_mostly_free_is_rewritten_compactly_before_it_is_published(
    tmp_path, monkeypatch, dropped
):
    """Dropping the large table leaves most of the file free: the published file is rewritten
    at half its size or less and keeps what it holds. Dropping the small one frees a tenth of
    it, and the file is published as it is."""
    from warehouse import storage

    monkeypatch.setattr(storage, "COMPACT_MIN_BYTES", 0)
    rewritten = []
    convert = storage.convert
    monkeypatch.setattr(storage, "convert", lambda path: (rewritten.append(path), convert(path)))
    path = tmp_path / "w.duckdb"
    _with_tables_of_rows(path, large=400_000, small=40_000)
    total_before, _ = _blocks(path)
    with writing(path) as con:
        con.execute(f"drop table {dropped}")
    total, free = _blocks(path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*), sum(n) from kept").fetchall() == [(1000, 499500)]
    assert con.execute("select max(version) from ops.schema_version").fetchall() == [
        (LATEST_VERSION,)
    ]
    con.close()
    if dropped == "large":
        assert rewritten == [Paths(path).working]
        assert total < total_before / 2 and free <= 1
    else:
        assert rewritten == [] and free > 0


def test_a_rewrite_left_behind_by_a_killed_run_is_removed_by_the_next_writer(tmp_path):
    path = tmp_path / "w.duckdb"
    with writing(path) as con:
        _add_run(con, "a")
    stale = Paths(path).converting
    stale.write_bytes(b"half a rewrite")
    with writing(path) as con:
        con.execute("select 1")
    assert not stale.exists() and _count(path) == 1
