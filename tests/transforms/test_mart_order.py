"""A build writes each mart's rows in chat and week order (transforms.steps.insert_in_order),
so that they fill whole row groups week after week."""

from datetime import UTC, datetime, timedelta

from tests.builders import load, new_warehouse, post, snapshot, tchat
from transforms.build import build_chat

START = datetime(2026, 9, 7, 20, tzinfo=UTC)
WEEKS = 8
ACCOUNTS = [str(n) for n in range(1, 13)]


def _marts(con) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
    ]


def _leading_columns(con, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = 'marts' and table_name = ? order by column_index limit 2",
            [table],
        ).fetchall()
    ]


def test_every_mart_begins_with_the_chat_and_a_week():
    """insert_in_order sorts by the first two columns: they must be the chat and a week."""
    con = new_warehouse()
    for table in _marts(con):
        chat, week = _leading_columns(con, table)
        assert chat == "chat", table
        assert week.endswith("week_start"), table


def test_a_full_build_stores_every_mart_in_week_order():
    """Read in storage order (rowid), every mart's weeks never go back."""
    con = new_warehouse()
    posts, snapshots = [], []
    for week in range(WEEKS):
        for number, author in enumerate(ACCOUNTS):
            created = START + timedelta(days=7 * week, minutes=number)
            posts.append(post(f"{week}-{author}", author, created.isoformat(), text=f"A1 {week}"))
            other = ACCOUNTS[(number + week + 1) % len(ACCOUNTS)]
            posts.append(
                post(
                    f"{week}-{author}-r",
                    other,
                    (created + timedelta(minutes=20)).isoformat(),
                    "repost",
                    referenced=(f"{week}-{author}", author),
                )
            )
            snapshots.append(
                snapshot(author, (created - timedelta(days=1)).isoformat(), 100 + week)
            )
    load(con, posts=posts, snapshots=snapshots)
    build_chat(con, tchat(), full=True)
    checked = 0
    for table in _marts(con):
        _, week = _leading_columns(con, table)
        stored = [
            row[0]
            for row in con.execute(f"select {week} from marts.{table} order by rowid").fetchall()
        ]
        assert stored == sorted(stored), table
        checked += len(set(stored)) > 1
    assert checked >= 5
