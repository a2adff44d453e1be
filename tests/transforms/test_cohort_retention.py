"""marts.cohort_retention on three weeks worked out by hand.

W1, W2, W3 start on 2026-11-02, 11-09, 11-16 (New York). A takes part in W1 and W3, B in W1,
C in W2 and W3. Cohort W1 = {A, B}: 2 of 2, then 0, then 1 (A). Cohort W2 = {C}: 1, then 1.
"""

from datetime import date

import pytest

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat

W = {1: date(2026, 11, 2), 2: date(2026, 11, 9), 3: date(2026, 11, 16)}
WEDNESDAY = {1: "2026-11-04", 2: "2026-11-11", 3: "2026-11-18"}
TAKES_PART = {"A": (1, 3), "B": (1,), "C": (2, 3)}


@pytest.fixture(scope="module")
def retention() -> dict:
    con = new_warehouse()
    load(
        con,
        posts=[
            post(f"{who}{week}", who, f"{WEDNESDAY[week]}T01:00:00+00:00")
            for who, weeks in TAKES_PART.items()
            for week in weeks
        ],
    )
    build_chat(con, tchat())
    found = rows(con, "select * from marts.cohort_retention order by 2, 4")
    return {(row["cohort_week_start"], row["weeks_since"]): row for row in found}


def test_every_week_from_each_cohort_to_the_chats_last(retention):
    assert list(retention) == [(W[1], 0), (W[1], 1), (W[1], 2), (W[2], 0), (W[2], 1)]


@pytest.mark.parametrize(
    ("cohort", "since", "size", "participants", "share", "week"),
    [
        (1, 0, 2, 2, 1.0, 1),
        (1, 1, 2, 0, 0.0, 2),
        (1, 2, 2, 1, 0.5, 3),
        (2, 0, 1, 1, 1.0, 2),
        (2, 1, 1, 1, 1.0, 3),
    ],
)
def test_cohort_counts(retention, cohort, since, size, participants, share, week):
    row = retention[(W[cohort], since)]
    assert (row["cohort_size"], row["participants"], row["share"]) == (size, participants, share)
    assert row["week_start"] == W[week] and row["cohort_week_label"] == f"2026-W{44 + cohort}"
