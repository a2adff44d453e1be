"""Upgrades: a warehouse at any earlier schema version is upgraded with no data lost."""

import duckdb
import pytest

import warehouse.migrate as migrate_module
from tests.builders import load, new_warehouse, post, snapshot, tchat
from transforms.build import build_chat
from warehouse.migrate import LATEST_VERSION, migrate, migrations, schema_version
from warehouse.publish import reading, writing

EARLIER_VERSIONS = [version for version, _, _ in migrations() if version < LATEST_VERSION]


def _old_warehouse(path, version: int) -> None:
    """A warehouse migrated only up to `version`, holding posts, snapshots and a chat_week row."""
    con = duckdb.connect(str(path))
    con.execute("set timezone = 'UTC'")
    migrate(con, up_to=version)
    assert schema_version(con) == version
    # Loaded by today's code into a scratch warehouse, then copied column by column: the rows
    # an older version would have written (without the columns later migrations add).
    scratch = new_warehouse()
    load(
        scratch,
        posts=[
            post("1", "10", "2026-11-18T01:00:00+00:00", likes=3),
            post("2", "11", "2026-11-18T01:05:00+00:00", "reply", reply_to=("1", "10")),
        ],
        snapshots=[snapshot("10", "2026-11-17T00:00:00+00:00", 40)],
    )
    for table in ("core.posts", "core.follower_snapshots"):
        schema, name = table.split(".")
        columns = ", ".join(
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                [schema, name],
            ).fetchall()
        )
        rows = scratch.sql(f"select {columns} from {table}").pl()  # noqa: S608 - our names
        con.register("old_rows", rows)
        con.execute(f"insert into {table} ({columns}) select {columns} from old_rows")  # noqa: S608
        con.unregister("old_rows")
    scratch.close()
    con.execute(
        "insert into marts.chat_week (chat, week_start, week_end, week_label, participants, "
        "contributors, new_participants, returning_participants, posts, reposts, replies, quotes, "
        "impressions, reach, engagements, accounts_without_follower_data) values ('old', "
        "'2026-11-09', '2026-11-16 05:00:00+00', '2026-W46', 1, 1, 1, 0, 1, 0, 0, 0, 9, 9, 9, 0)"
    )
    con.close()


@pytest.mark.parametrize("version", EARLIER_VERSIONS)
def test_an_earlier_warehouse_is_upgraded_without_losing_data(tmp_path, version):
    path = tmp_path / "w.duckdb"
    _old_warehouse(path, version)
    with writing(path) as con:
        build_chat(con, tchat())
    reader = reading(path)
    try:
        assert schema_version(reader) == LATEST_VERSION
        assert reader.execute("select post_id from core.posts order by 1").fetchall() == [
            ("1",),
            ("2",),
        ]
        assert reader.execute("select count(*) from core.follower_snapshots").fetchall() == [(1,)]
        assert reader.execute(
            "select participants, impressions from marts.chat_week where chat = 'old'"
        ).fetchall() == [(1, 9)]
        assert reader.execute(
            "select engagements from marts.chat_week where chat = 'tchat'"
        ).fetchall() == [(3 + 1,)]
    finally:
        reader.close()


def test_a_failed_upgrade_leaves_the_published_warehouse_as_it_was(tmp_path, monkeypatch):
    """The upgrade runs on the working copy: a failure publishes nothing; the next run completes."""
    path = tmp_path / "w.duckdb"
    _old_warehouse(path, 1)
    shipped = migrations()
    broken = [*shipped[:-1], (shipped[-1][0], shipped[-1][1], "select * from no_such_table")]
    monkeypatch.setattr(migrate_module, "migrations", lambda: broken)
    with pytest.raises(duckdb.Error), writing(path):
        pass
    con = duckdb.connect(str(path), read_only=True)
    assert schema_version(con) == 1
    con.close()
    monkeypatch.setattr(migrate_module, "migrations", lambda: shipped)
    with writing(path):
        pass
    reader = reading(path)
    assert schema_version(reader) == LATEST_VERSION
    assert reader.execute("select count(*) from core.posts").fetchall() == [(2,)]
    reader.close()
