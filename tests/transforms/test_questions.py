"""marts.question_week: the Q1…An format, with hosts and without."""

import polars as pl
import pytest

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat
from transforms.prefixes import with_prefix_numbers

HOST, COHOST = "h1", "h2"


def _q(post_id, author, minute, text, kind="original", **extra):
    handle = {"h1": "TalentCulture", "h2": "meghanmbiro"}.get(author)
    return post(
        post_id,
        author,
        f"2026-11-18T01:{minute:02d}:00+00:00",
        kind,
        text=text,
        handle=handle,
        **extra,
    )


@pytest.fixture(scope="module")
def questions():
    con = new_warehouse()
    load(
        con,
        posts=[
            _q("q1", HOST, 0, "Q1 What is influence? #TChat"),
            _q("q1b", HOST, 30, "  q1 again, in case you missed it"),  # later: not the question
            _q("q2", HOST, 10, "Q2: Can scores be gamed?"),
            _q("q12x", HOST, 11, "Q12x is a product name"),  # followed by a letter
            _q("q123", HOST, 12, "Q123 is not a question number"),
            _q("n3", "u0", 13, "Q3 I ask too"),  # not a host
            _q("a1", "u1", 1, "A1 It is trust", likes=2, replies=1),
            _q(
                "a2",
                "u2",
                2,
                "@TalentCulture A2 Yes they can",
                "reply",
                reply_to=("q1", HOST),
                likes=1,
            ),
            _q("a3", "u3", 3, "I think it is reach", "reply", reply_to=("q1", HOST), reposts=3),
            _q("a4", "u1", 4, "A1 also this"),
            _q("a5", COHOST, 5, "A1 the co-host's own answer"),  # hosts do not answer
            _q("a6", "u4", 31, "replying to the repeat", "reply", reply_to=("q1b", HOST)),
            _q("a7", "u5", 6, "Q1 What is influence? #TChat", "repost", referenced=("q1", HOST)),
            _q("a8", "u6", 7, "A9 there is no Q9"),
            _q("a9", "u7", 8, "a2 lower case counts", quotes=2),
        ],
    )
    build_chat(con, tchat(hosts=["talentculture", "MeghanMBiro"]))
    return {r["question_number"]: r for r in rows(con, "select * from marts.question_week")}


def test_only_host_posts_starting_with_q_n_are_questions(questions):
    assert sorted(questions) == [1, 2]
    assert questions[1]["question_post_id"] == "q1"
    assert questions[1]["question_text"] == "Q1 What is influence? #TChat"
    assert questions[1]["week_label"] == "2026-W47"


def test_answers_by_prefix_or_by_reply(questions):
    # Q1: a1 and a4 (A1, same author) and a3 (a reply to q1 without a prefix).
    assert (questions[1]["answers"], questions[1]["answerers"]) == (3, 2)
    assert questions[1]["answer_engagements"] == (2 + 1) + 3 + 0
    # Q2: a2 (its A2 wins over the reply to q1) and a9 (lower-case a2).
    assert (questions[2]["answers"], questions[2]["answerers"]) == (2, 2)
    assert questions[2]["answer_engagements"] == 1 + 2


def test_without_hosts_anyone_asks_and_the_asker_does_not_answer():
    con = new_warehouse()
    load(
        con,
        posts=[
            post("p9", "a", "2026-11-18T01:00:00+00:00", text="Q1 from a"),
            post("p10", "b", "2026-11-18T01:00:00+00:00", text="Q1 from b"),  # same instant
            post("p11", "b", "2026-11-18T01:05:00+00:00", text="A1 b answers"),
            post("p12", "a", "2026-11-18T01:06:00+00:00", text="A1 a answers"),
        ],
    )
    build_chat(con, tchat())
    [question] = rows(con, "select * from marts.question_week")
    # Equal times: the smaller post_id as text, "p10" < "p9".
    assert question["question_post_id"] == "p10"
    assert question["answers"] == 1  # p12 by a; b asked it


def test_where_the_definitions_leave_room():
    """The readings docs/metrics.md states: an early answer counts, an A<n> without its
    question answers nothing (no fall-back to the reply), a reply to last week's question is
    no answer, and full-width Ｑ/Ａ with full-width digits are Q and A after NFKC."""
    last_week = "2026-11-11T01:00:00+00:00"
    con = new_warehouse()
    load(
        con,
        posts=[
            post("old", HOST, last_week, text="Q1 last week's question", handle="TalentCulture"),
            _q("q1", HOST, 10, "Q1 this week's question"),
            _q("early", "u1", 5, "A1 before the question was asked"),
            _q("nine", "u2", 11, "A9 no such question", "reply", reply_to=("q1", HOST)),
            _q("late", "u3", 12, "an answer to last week", "reply", reply_to=("old", HOST)),
            _q("wide", HOST, 20, "Ｑ２ asked in full-width letters"),
            _q("wide-a", "u4", 21, "Ａ２ answered in full-width letters", likes=4),
        ],
    )
    build_chat(con, tchat(hosts=["TalentCulture"]))
    found = {
        (r["week_label"], r["question_number"]): r
        for r in rows(con, "select * from marts.question_week")
    }
    assert sorted(found) == [("2026-W46", 1), ("2026-W47", 1), ("2026-W47", 2)]
    assert found[("2026-W47", 1)]["answers"] == 1  # early only
    assert found[("2026-W46", 1)]["answers"] == 0  # "late" is in the next week
    assert found[("2026-W47", 2)]["question_post_id"] == "wide"
    assert (found[("2026-W47", 2)]["answers"], found[("2026-W47", 2)]["answer_engagements"]) == (
        1,
        4,
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Q1️⃣ What makes a good manager?", 1),  # keycap emoji: 1, U+FE0F, U+20E3
        ("Q1\u0301 a combining accent", 1),
        ("Q2‿ connector punctuation", 2),
        ("  q7 after spaces", 7),
        ("Ｑ６ full-width", 6),
        ("Q12x a product", None),
        ("Q1_ an identifier", None),
        ("Q123 three digits", None),
        ("Q\u0663 an Arabic-Indic three", None),
    ],
)
def test_what_a_question_prefix_may_be_followed_by(text, number):
    as_answer = "@a @b " + text.translate(str.maketrans("QqＱ", "AaＡ"))
    found = pl.DataFrame({"id": ["question", "answer"], "text": [text, as_answer]})
    numbers = {row["id"]: row for row in with_prefix_numbers(found).iter_rows(named=True)}
    assert numbers["question"]["question_number"] == number
    assert numbers["answer"]["answer_number"] == number


def test_answer_timing_and_newcomers_by_hand():
    """Q1 asked at 01:10. Answers at 01:12 (120 s), 01:13 (180 s), 01:20 (600 s), 01:30
    (1,200 s), and one A1 at 01:05, before the question: 5 answers, 4 timed. Median of
    [120, 180, 600, 1200] = (180 + 600) / 2 = 390; the 90th percentile sits at 0.9 × 3 = 2.7:
    600 + 0.7 × (1200 − 600) = 1020. n1, n2 and early post for the first time this week (n2's
    first post a repost), old posted the week before: 3 newcomer answerers of 4. Q2 has only
    an answer posted before it: no timing, 1 answer."""
    earlier = "2026-11-11T01:00:00+00:00"  # the week before, New York time
    con = new_warehouse()
    load(
        con,
        posts=[
            post("old0", "old", earlier, text="hello #TChat"),
            _q("q1", HOST, 10, "Q1 Timing? #TChat"),
            _q("q2", HOST, 40, "Q2 Later? #TChat"),
            _q("n2r", "n2", 9, "Q1 Timing? #TChat", "repost", referenced=("q0", HOST)),
            _q("t1", "n1", 12, "A1 quick"),
            _q("t2", "n2", 13, "A1 also quick"),
            _q("t3", "old", 20, "A1 later"),
            _q("t4", "n1", 30, "A1 much later"),
            _q("t5", "early", 5, "A1 before it was asked"),
            _q("t6", "early", 6, "A2 before Q2"),
        ],
    )
    build_chat(con, tchat(hosts=["talentculture"]))
    found = {r["question_number"]: r for r in rows(con, "select * from marts.question_week")}
    q1 = found[1]
    assert (q1["answers"], q1["answerers"]) == (5, 4)
    assert q1["median_seconds_to_answer"] == pytest.approx(390)
    assert q1["p90_seconds_to_answer"] == pytest.approx(1020)
    assert q1["new_participant_answerers"] == 3
    q2 = found[2]
    assert q2["answers"] == 1
    assert q2["median_seconds_to_answer"] is None and q2["p90_seconds_to_answer"] is None
