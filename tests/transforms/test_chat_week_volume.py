"""chat_week's low-data columns on hand-made weeks: the median of the up-to-8 calendar weeks
before each week, and a week under a quarter of it."""

from datetime import date, timedelta

import pytest

from tests.builders import new_warehouse, rows
from transforms.volume import build_chat_week_volume

FIRST = date(2026, 9, 7)


def _volume(posts: list[int]) -> dict[date, dict]:
    """chat_week rows of consecutive weeks with these posts; the columns the step sets."""
    con = new_warehouse()
    for n, count in enumerate(posts):
        week = FIRST + timedelta(weeks=n)
        con.execute(
            "insert into marts.chat_week (chat, week_start, week_label, week_end, participants, "
            "contributors, new_participants, returning_participants, posts, reposts, replies, "
            "quotes, impressions, reach, engagements, accounts_without_follower_data) values "
            "('tchat', ?, 'w', ?::timestamptz, 0, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0)",
            [week, f"{week + timedelta(weeks=1)} 05:00:00+00", count],
        )
    con.execute("insert into marts.chat_week (chat, week_start, week_label, week_end, "
                "participants, contributors, new_participants, returning_participants, posts, "
                "reposts, replies, quotes, impressions, reach, engagements, "
                "accounts_without_follower_data) values ('other', ?, 'w', ?::timestamptz, "
                "0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0)",
                [FIRST, f"{FIRST} 05:00:00+00"])  # fmt: skip
    con.execute("create temp table build_context as select 'tchat' as chat")
    build_chat_week_volume(con)
    found = rows(
        con,
        "select week_start, trailing_median_posts, trailing_weeks, is_low_data "
        "from marts.chat_week where chat = 'tchat'",
    )
    return {row["week_start"]: row for row in found}


def _week(n: int) -> date:
    return FIRST + timedelta(weeks=n)


def test_the_first_week_has_no_median_and_is_not_low():
    found = _volume([5, 1])
    assert found[_week(0)] == {
        "week_start": _week(0),
        "trailing_median_posts": None,
        "trailing_weeks": 0,
        "is_low_data": False,
    }
    # Week 1: the median of [5] is 5; 1 < 1.25.
    assert (found[_week(1)]["trailing_median_posts"], found[_week(1)]["is_low_data"]) == (5, True)


def test_the_median_is_over_the_eight_weeks_before_and_an_even_count_takes_the_middle_two():
    # Weeks 0-9: the week-9 window is weeks 1-8 (week 0's 1,000 falls out): 10..80 → (40+50)/2.
    found = _volume([1000, 10, 20, 30, 40, 50, 60, 70, 80, 11])
    assert found[_week(9)]["trailing_weeks"] == 8
    assert found[_week(9)]["trailing_median_posts"] == pytest.approx(45.0)
    assert found[_week(9)]["is_low_data"] is True  # 11 < 11.25
    # Week 3: weeks 0-2, [1000, 10, 20] → 20; the other chat's 1,000 is not counted.
    assert found[_week(3)]["trailing_median_posts"] == 20
    assert found[_week(3)]["is_low_data"] is False


def test_exactly_a_quarter_is_not_low():
    assert _volume([100, 100, 50])[_week(2)]["is_low_data"] is False  # 50 >= 25
    assert _volume([100, 100, 25])[_week(2)]["is_low_data"] is False  # 25 = 25
    assert _volume([100, 100, 24])[_week(2)]["is_low_data"] is True
