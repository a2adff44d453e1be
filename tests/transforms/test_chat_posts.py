"""ops.chat_posts, the chat's posts as its last build matched them: a full build matches every
post of core.posts, an incremental one only those created at an instant that a change since
the last build names (as it was or as it is). The expected rows are worked out by hand: a post
belongs to the chat when one of its hashtag keys is the chat's, and its week is the Monday of
its local date in the chat's time zone (America/New_York, UTC-5 in November)."""

from datetime import UTC, date, datetime

import duckdb
import pytest

from config.chat import ChatSettings
from transforms.build import _set_context
from transforms.chat_posts import refresh_chat_posts
from warehouse.migrate import migrate

CHAT = ChatSettings(slug="tchat", hashtags=["TChat"], timezone="America/New_York")
SUNDAY_NIGHT = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # Sun 15 Nov 22:00 in New York
THURSDAY = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)  # Wed 18 Nov 20:00 in New York
LATER = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)  # Wed 25 Nov 20:00 in New York


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    migrate(con)
    _set_context(con, CHAT)
    return con


def post(con: duckdb.DuckDBPyConnection, post_id: str, at: datetime, tags: list[str]) -> None:
    con.execute(
        "insert into core.posts (platform, post_id, author_id, author_handle, created_at, text, "
        "kind, mention_ids, hashtags, urls, like_count, repost_count, reply_count, quote_count, "
        "observed_at, hashtag_keys, author_handle_key) values ('x', ?, 'a1', 'ann', ?, 'hi', "
        "'original', [], ?, [], 0, 0, 0, 0, ?, ?, 'ann')",
        [post_id, at, tags, at, [t.lower() for t in tags]],
    )


def change(con: duckdb.DuckDBPyConnection, old: datetime | None, new: datetime | None) -> None:
    con.execute(
        "insert into ops.changes (record_kind, platform, account_id, old_at, new_at) "
        "values ('post', 'x', 'a1', ?, ?)",
        [old, new],
    )


def last_change(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select coalesce(max(change_id), 0) from ops.changes").fetchone()[0]


def refresh(con: duckdb.DuckDBPyConnection, *, since: int | None = None) -> list[tuple]:
    """Refresh as a full build (since None) or as an incremental one after change `since`."""
    con.execute("set variable since_change_id = ?", [since or 0])
    con.execute("set variable full_build = ?", [since is None])
    refresh_chat_posts(con)
    return con.execute(
        "select chat, post_id, week_start from ops.chat_posts order by all"
    ).fetchall()


def test_a_full_build_matches_every_post_by_hashtag_and_local_week(con) -> None:
    post(con, "p1", SUNDAY_NIGHT, ["TChat"])
    post(con, "p2", THURSDAY, ["tchat", "other"])
    post(con, "p3", THURSDAY, ["other"])
    expected = [("tchat", "p1", date(2026, 11, 9)), ("tchat", "p2", date(2026, 11, 16))]
    assert refresh(con) == expected
    assert refresh(con) == expected  # again: the same rows, not twice


def test_an_incremental_build_matches_again_only_the_changed_instants(con) -> None:
    post(con, "p1", SUNDAY_NIGHT, ["TChat"])
    post(con, "p2", THURSDAY, ["TChat"])
    refresh(con)
    since = last_change(con)
    # p2 edited: its hashtag gone; p4 new next week; p1 left core.posts with no change named.
    con.execute("delete from core.posts where post_id in ('p1', 'p2')")
    post(con, "p2", THURSDAY, ["other"])
    post(con, "p4", LATER, ["TChat"])
    change(con, THURSDAY, THURSDAY)
    change(con, None, LATER)
    assert refresh(con, since=since) == [
        ("tchat", "p1", date(2026, 11, 9)),
        ("tchat", "p4", date(2026, 11, 23)),
    ]


def test_a_deleted_post_leaves_the_chat(con) -> None:
    post(con, "p1", THURSDAY, ["TChat"])
    refresh(con)
    since = last_change(con)
    con.execute("delete from core.posts where post_id = 'p1'")
    change(con, THURSDAY, None)
    assert refresh(con, since=since) == []


def test_other_chats_rows_are_left_alone(con) -> None:
    con.execute(
        "insert into ops.chat_posts values ('other', date '2026-11-16', 'x', 'q1', 'a1', "
        "'original', ?)",
        [THURSDAY],
    )
    post(con, "p1", THURSDAY, ["TChat"])
    refresh(con)
    since = last_change(con)
    change(con, THURSDAY, THURSDAY)
    assert refresh(con, since=since) == [
        ("other", "q1", date(2026, 11, 16)),
        ("tchat", "p1", date(2026, 11, 16)),
    ]
