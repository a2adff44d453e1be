"""The low-data warning of a chat-week, read from chat_week's columns."""

from datetime import date, timedelta

import duckdb
import pytest

from reports.volume import Volume, week_volume

WEEK = date(2026, 11, 16)


def _chat_weeks(rows: dict[int, tuple]) -> duckdb.DuckDBPyConnection:
    """chat_week rows by weeks back: (posts, trailing_median_posts, trailing_weeks, is_low)."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.chat_week (chat varchar, week_start date, posts bigint, "
        "trailing_median_posts double, trailing_weeks integer, is_low_data boolean)"
    )
    for back, values in rows.items():
        con.execute(
            "insert into marts.chat_week values ('tchat', ?, ?, ?, ?, ?)",
            [WEEK - timedelta(weeks=back), *values],
        )
    return con


def test_a_low_week_says_so_with_its_numbers():
    volume = week_volume(_chat_weeks({0: (24, 100.0, 8, True)}), "tchat", WEEK)
    assert volume == Volume(24, 100.0, 8, True)
    assert volume.warning == (
        "Low data: this week has 24 posts, fewer than a quarter of the median of the 8 weeks "
        "before it (100). A pull may have missed posts: check the run before relying on these "
        "numbers."
    )


def test_a_week_that_is_not_low_has_no_warning():
    assert week_volume(_chat_weeks({0: (25, 100.0, 2, False)}), "tchat", WEEK).warning is None


def test_a_week_after_the_chats_last_has_no_posts_and_is_low():
    volume = week_volume(_chat_weeks({1: (40, 40.0, 1, False)}), "tchat", WEEK)
    assert volume == Volume(0, None, 0, True)
    assert volume.warning.startswith("Low data: this week has no chat posts at all")
    assert week_volume(_chat_weeks({}), "tchat", WEEK) == Volume(0, None, 0, False)


@pytest.mark.parametrize(("posts", "text"), [(0, "0 posts,"), (1, "1 post,"), (2, "2 posts,")])
def test_volume_warning_reads_well(posts, text):
    assert Volume(posts, 10.0, 3, True).warning.startswith(f"Low data: this week has {text} fewer")


def test_one_week_before_is_named_as_such():
    warning = Volume(3, 40.0, 1, True).warning
    assert "fewer than a quarter of the week before it (40)." in warning
    assert "the median" not in warning
