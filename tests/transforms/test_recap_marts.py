"""marts.answer_posts and marts.chat_session, the recap page's marts, by hand."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat

HOST = "h1"


def _at(minute: int) -> str:
    return f"2026-11-18T01:{minute:02d}:00+00:00"  # Tuesday 17 Nov, 20:xx in New York


def _p(post_id, author, minute, text, kind="original", **extra):
    handle = "TalentCulture" if author == HOST else None
    return post(post_id, author, _at(minute), kind, text=text, handle=handle, **extra)


@pytest.fixture(scope="module")
def built():
    """Q1 at 01:10 and Q2 at 01:40, so the session runs 01:10 to 02:40. Before it: an A1 at
    01:05, an A2 at 01:06 and a repost at 01:09. In it: Q1, four answers, Q2. The week before
    has one post by `old` and no question."""
    con = new_warehouse()
    load(
        con,
        posts=[
            post("old0", "old", "2026-11-11T01:00:00+00:00", text="hello #TChat"),
            _p("q1", HOST, 10, "Q1 Timing? #TChat"),
            _p("q2", HOST, 40, "Q2 Later? #TChat"),
            _p("n2r", "n2", 9, "Q1 Timing? #TChat", "repost", referenced=("q0", HOST)),
            _p("t1", "n1", 12, "A1 quick", likes=3, replies=1),
            _p("t2", "n2", 13, "A1 also quick", reposts=2),
            _p("t3", "old", 20, "A1 later"),
            _p("t4", "n1", 30, "A1 much later", quotes=1),
            _p("t5", "early", 5, "A1 before it was asked"),
            _p("t6", "early", 6, "A2 before Q2"),
        ],
    )
    build_chat(con, tchat(hosts=["talentculture"]))
    return con


def test_each_answer_with_its_question_wait_and_engagements(built):
    """Seconds from 01:10 (Q1) or 01:40 (Q2); none for the answers posted before."""
    found = {
        r["post_id"]: (r["question_number"], r["seconds_to_answer"], r["engagements"])
        for r in rows(built, "select * from marts.answer_posts")
    }
    assert found == {
        "t1": (1, 120.0, 4),
        "t2": (1, 180.0, 2),
        "t3": (1, 600.0, 0),
        "t4": (1, 1200.0, 1),
        "t5": (1, None, 0),
        "t6": (2, None, 0),
    }


def test_the_session_runs_from_the_first_question_to_an_hour_after_the_last(built):
    """In 01:10–02:40: Q1, t1–t4, Q2 (6 posts) by the host, n1, n2 and old; the host, n1 and
    n2 take part for the first time this week, old took part the week before."""
    sessions = {
        r["week_start"]: r
        for r in rows(built, "select * from marts.chat_session order by week_start")
    }
    week = sessions[date(2026, 11, 16)]
    assert week["session_start"] == datetime(2026, 11, 18, 1, 10, tzinfo=UTC)
    assert week["session_end"] == datetime(2026, 11, 18, 2, 40, tzinfo=UTC)
    assert (week["questions"], week["posts"], week["participants"]) == (2, 6, 4)
    assert week["new_participants"] == 3


def test_a_week_without_questions_is_one_long_session(built):
    """The week of 9 Nov has no question: its session is the whole week in New York."""
    before = rows(built, "select * from marts.chat_session where week_start = date '2026-11-09'")[0]
    zone = ZoneInfo("America/New_York")
    assert before["session_start"] == datetime(2026, 11, 9, tzinfo=zone)
    assert before["session_end"] == datetime(2026, 11, 16, tzinfo=zone)
    assert (before["questions"], before["posts"], before["participants"]) == (0, 1, 1)
    assert before["new_participants"] == 1
