"""marts.rising_accounts on eight hand-made weeks of account_week: the model's SQL alone.

Weeks 1-8 from 2025-09-01. A's influence score is 10 in weeks 1-4 and 30 in weeks 5-8; B's is
50 throughout; C took part in weeks 1-2 only; D takes part in week 8 only, with a score of 40.
At week 8: recent window weeks 5-8, earlier window weeks 1-4 (4 weeks each).
"""

from datetime import date, timedelta

import pytest

from tests.builders import new_warehouse, rows
from transforms.steps import Model

START = date(2025, 9, 1)
SCORES = {
    "A": [10, 10, 10, 10, 30, 30, 30, 30],
    "B": [50] * 8,
    "C": [20, 20, None, None, None, None, None, None],
    "D": [None] * 7 + [40],
}


@pytest.fixture(scope="module")
def rising() -> dict:
    con = new_warehouse()
    weeks = [START + timedelta(weeks=n) for n in range(8)]
    con.execute("create temp table build_context as select 'c' as chat")
    con.execute(
        "create temp table int_chat_weeks as select unnest(?::date[]) as week_start, "
        "'w' as week_label, false as is_dirty",
        [weeks],
    )
    con.execute("create temp table int_trailing_weeks as select * from int_chat_weeks")
    for account, scores in SCORES.items():
        for week, score in zip(weeks, scores, strict=True):
            if score is None:
                continue
            con.execute(
                "insert into marts.account_week (chat, week_start, week_label, platform, "
                "account_id, participated, posts, reposts, replies_received, reposts_received, "
                "quotes_received, mentions_received, likes_received, engagements_received, "
                "impressions, amplified_audience, followers_at_week_end, reach, "
                "has_follower_data, influence_score) values ('c', ?, 'w', 'x', ?, true, 1, 0, "
                "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, ?)",
                [week, account, score],
            )
    found = rows(con, Model("marts", "rising_accounts").sql)
    return {(row["week_start"], row["account_id"]): row for row in found}


def test_a_rising_account_gains_the_difference_of_its_means(rising):
    a = rising[(START + timedelta(weeks=7), "A")]
    assert (a["recent_weeks"], a["earlier_weeks"]) == (4, 4)
    assert (a["earlier_mean_score"], a["recent_mean_score"], a["score_gain"]) == (10, 30, 20)
    assert a["recent_weeks_taken_part"] == 4
    b = rising[(START + timedelta(weeks=7), "B")]
    assert b["score_gain"] == 0


def test_a_missing_week_counts_zero_and_only_recent_participants_have_rows(rising):
    d = rising[(START + timedelta(weeks=7), "D")]
    assert (d["recent_mean_score"], d["earlier_mean_score"], d["score_gain"]) == (10, 0, 10)
    assert d["recent_weeks_taken_part"] == 1
    assert (START + timedelta(weeks=7), "C") not in rising  # away for the last 4 weeks
    # Week 5: recent weeks 2-5, earlier week 1 only (the chat's first): C had 20 then 20, 0...
    c = rising[(START + timedelta(weeks=4), "C")]
    assert (c["recent_weeks"], c["earlier_weeks"]) == (4, 1)
    assert (c["recent_mean_score"], c["earlier_mean_score"]) == (5, 20)


def test_no_row_before_the_chat_has_an_earlier_window(rising):
    assert not [key for key in rising if key[0] < START + timedelta(weeks=4)]
