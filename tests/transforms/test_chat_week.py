"""marts.chat_week against values worked out by hand (see scenario.py for the world)."""

from datetime import UTC, date, datetime

import pytest

from tests.builders import load, new_warehouse, post, rows, snapshot, tchat
from tests.transforms.scenario import POSTS, SNAPSHOTS
from transforms.build import build_chat


@pytest.fixture(scope="module")
def chat_weeks() -> dict[date, dict]:
    con = new_warehouse()
    load(con, posts=POSTS, snapshots=SNAPSHOTS)
    build_chat(con, tchat())
    return {row["week_start"]: row for row in rows(con, "select * from marts.chat_week")}


def test_the_chat_has_its_two_weeks(chat_weeks):
    assert sorted(chat_weeks) == [date(2026, 11, 16), date(2026, 11, 23)]
    assert [chat_weeks[w]["week_label"] for w in sorted(chat_weeks)] == ["2026-W47", "2026-W48"]


def test_week_47(chat_weeks):
    """Four participants, three contributors (C only reposted), all new."""
    row = chat_weeks[date(2026, 11, 16)]
    assert row["week_end"] == datetime(2026, 11, 23, 5, tzinfo=UTC)
    assert (row["participants"], row["contributors"]) == (4, 3)
    assert (row["new_participants"], row["returning_participants"]) == (4, 0)
    assert row["retention_rate"] is None  # W46 had no participants
    assert (row["posts"], row["reposts"], row["replies"], row["quotes"]) == (4, 2, 2, 1)
    assert row["impressions"] == 200 + 50 + 2000 + 0
    assert row["reach"] == 120 + 50 + 1000 + 0
    assert row["engagements"] == 8 + 4 + 0 + 3
    assert row["accounts_without_follower_data"] == 1


def test_week_48(chat_weeks):
    """A, B and C come back: three of W47's four participants are retained."""
    row = chat_weeks[date(2026, 11, 23)]
    assert (row["participants"], row["contributors"]) == (3, 3)
    assert (row["new_participants"], row["returning_participants"]) == (0, 3)
    assert row["retention_rate"] == pytest.approx(0.75)
    assert (row["posts"], row["reposts"], row["replies"], row["quotes"]) == (3, 0, 1, 0)
    assert row["impressions"] == 120 + 1000 + 50
    assert row["reach"] == 130 + 1000 + 50
    assert row["engagements"] == 5
    assert row["accounts_without_follower_data"] == 1  # D, mentioned


def test_holiday_week_and_the_week_after():
    """A week without chat posts has its row with zero counts; the next has no retention."""
    con = new_warehouse()
    load(
        con,
        posts=[
            post("a", "1", "2026-10-07T01:00:00+00:00"),
            post("b", "2", "2026-10-07T01:05:00+00:00"),
            post("c", "1", "2026-10-21T01:00:00+00:00"),  # two weeks later
        ],
    )
    build_chat(con, tchat())
    weeks = {r["week_label"]: r for r in rows(con, "select * from marts.chat_week")}
    assert sorted(weeks) == ["2026-W41", "2026-W42", "2026-W43"]
    holiday = weeks["2026-W42"]
    assert holiday["participants"] == holiday["posts"] == holiday["impressions"] == 0
    assert holiday["retention_rate"] == 0.0
    after = weeks["2026-W43"]
    assert (after["participants"], after["new_participants"]) == (1, 0)
    assert after["retention_rate"] is None


def test_dst_week_is_169_hours_and_windows_follow_local_midnight():
    """The week of 2026-10-26 starts 04:00Z (EDT) and ends 2026-11-02T05:00Z (EST)."""
    con = new_warehouse()
    load(
        con,
        # Sunday 1 November 23:30 EST is Monday 04:30Z: still the week of 26 October.
        posts=[post("d1", "7", "2026-11-02T04:30:00+00:00", likes=1)],
        snapshots=[
            snapshot("7", "2026-10-26T03:30:00+00:00", 10),  # Sunday 23:30 EDT: previous week
            snapshot("7", "2026-10-26T04:30:00+00:00", 15),  # Monday 00:30 EDT: this week
        ],
    )
    build_chat(con, tchat())
    [week] = rows(con, "select * from marts.chat_week")
    assert week["week_start"] == date(2026, 10, 26)
    assert week["week_end"] == datetime(2026, 11, 2, 5, tzinfo=UTC)
    [account] = rows(con, "select * from marts.account_week")
    assert account["followers_end"] == 15
    assert account["follower_change"] == 5
    hours = con.execute(
        "select epoch(week_end - timezone('America/New_York', week_start::timestamp)) / 3600 "
        "from marts.chat_week"
    ).fetchall()[0][0]
    assert hours == 169
