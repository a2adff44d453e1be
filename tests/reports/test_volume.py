"""The low-data check of a chat-week, on hand-made weeks of `marts.chat_week`."""

from datetime import date, timedelta

import duckdb
import pytest

from reports.volume import Volume, week_volume

WEEK = date(2026, 11, 16)


def _chat_weeks(posts_by_weeks_back: dict[int, int]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.chat_week (chat varchar, week_start date, posts bigint)")
    for back, posts in posts_by_weeks_back.items():
        con.execute(
            "insert into marts.chat_week values ('tchat', ?, ?)",
            [WEEK - timedelta(weeks=back), posts],
        )
    con.execute("insert into marts.chat_week values ('other', ?, 1)", [WEEK])
    return con


def test_a_week_under_a_quarter_of_the_trailing_median_is_low():
    """Previous 8 weeks (nine and ten weeks back are not counted): median 100; 24 < 25."""
    weeks = {back: 100 for back in range(1, 9)} | {9: 1, 10: 1, 0: 24}
    volume = week_volume(_chat_weeks(weeks), "tchat", WEEK)
    assert volume == Volume(posts=24, trailing_median_posts=100.0, weeks_compared=8)
    assert volume.is_low
    assert "24 posts" in volume.warning and "8 weeks" in volume.warning


def test_exactly_a_quarter_is_not_low():
    volume = week_volume(_chat_weeks({1: 100, 2: 100, 0: 25}), "tchat", WEEK)
    assert (volume.trailing_median_posts, volume.is_low, volume.warning) == (100.0, False, None)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    volume = week_volume(_chat_weeks({1: 10, 2: 30, 3: 50, 4: 70, 0: 9}), "tchat", WEEK)
    assert volume.trailing_median_posts == 40.0 and volume.is_low  # 9 < 10


def test_a_first_week_is_never_low_and_a_missing_week_has_no_posts():
    first = week_volume(_chat_weeks({0: 3}), "tchat", WEEK)
    assert first == Volume(3, None, 0) and not first.is_low
    missing = week_volume(_chat_weeks({1: 40, 2: 40}), "tchat", WEEK)
    assert missing == Volume(0, 40.0, 2) and missing.is_low


@pytest.mark.parametrize(("posts", "text"), [(0, "0 posts,"), (1, "1 post,"), (2, "2 posts,")])
def test_volume_warning_reads_well(posts, text):
    assert Volume(posts, 10.0, 3).warning.startswith(f"Low data: this week has {text} fewer")


def test_one_week_before_is_named_as_such():
    warning = Volume(3, 40.0, 1).warning
    assert "fewer than a quarter of the week before it (40)." in warning
    assert "the median" not in warning
