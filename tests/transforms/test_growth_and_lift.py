"""marts.account_growth and marts.chat_lift on a four-week example worked out by hand.

Weeks W1..W4 start on 2026-11-02, 11-09, 11-16, 11-23 (New York time). X takes part in W1 and
W3, Y every week, Z in W2 only, K in W4 only. Follower snapshots, one per week on Wednesdays:
    X: W0 100, W1 120, W2 120, W3 150, W4 150
    Y: W0 200, W1 200, W2 210, W3 210, W4 220
    Z:         W1 50,  W2 60,  W3 60
    K:                         W3 0,   W4 5
"""

from datetime import date

import pytest

from tests.builders import load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

W = {1: date(2026, 11, 2), 2: date(2026, 11, 9), 3: date(2026, 11, 16), 4: date(2026, 11, 23)}
WEDNESDAY = {0: "2026-10-28", 1: "2026-11-04", 2: "2026-11-11", 3: "2026-11-18", 4: "2026-11-25"}
FOLLOWERS = {
    "X": {0: 100, 1: 120, 2: 120, 3: 150, 4: 150},
    "Y": {0: 200, 1: 200, 2: 210, 3: 210, 4: 220},
    "Z": {1: 50, 2: 60, 3: 60},
    "K": {3: 0, 4: 5},
}
TAKES_PART = {"X": (1, 3), "Y": (1, 2, 3, 4), "Z": (2,), "K": (4,)}


@pytest.fixture(scope="module")
def con():
    connection = new_warehouse()
    load(
        connection,
        posts=[
            post(f"{account}{week}", account, f"{WEDNESDAY[week]}T01:00:00+00:00")
            for account, weeks in TAKES_PART.items()
            for week in weeks
        ],
        snapshots=[
            snapshot(account, f"{WEDNESDAY[week]}T12:00:00+00:00", count)
            for account, by_week in FOLLOWERS.items()
            for week, count in by_week.items()
        ],
    )
    build_chat(connection, tchat())
    return connection


def test_growth_rows_need_both_weeks_followers(con):
    found = rows(
        con,
        "select week_start, account_id, follower_change, growth_rate, participated "
        "from marts.account_growth order by account_id, week_start",
    )
    by_key = {(r["account_id"], r["week_start"]): r for r in found}
    # Z has no W0 snapshot and no W4 snapshot: rows in W2 and W3 only. K only in W4.
    assert sorted(k for k in by_key if k[0] == "Z") == [("Z", W[2]), ("Z", W[3])]
    assert sorted(k for k in by_key if k[0] == "K") == [("K", W[4])]
    assert by_key[("X", W[1])]["growth_rate"] == pytest.approx(0.2)
    assert by_key[("X", W[1])]["participated"] is True
    assert by_key[("X", W[2])]["growth_rate"] == 0.0
    assert by_key[("X", W[2])]["participated"] is False
    assert by_key[("X", W[3])]["growth_rate"] == pytest.approx(0.25)
    assert by_key[("Y", W[4])]["follower_change"] == 10
    # K grew from 0: the rate is undefined.
    assert by_key[("K", W[4])]["follower_change"] == 5
    assert by_key[("K", W[4])]["growth_rate"] is None
    assert len(found) == 4 + 4 + 2 + 1


def test_lift_compares_each_account_with_itself(con):
    lift = {r["week_start"]: r for r in rows(con, "select * from marts.chat_lift")}
    assert set(lift) == set(W.values())
    assert all(r["window_weeks"] == 12 for r in lift.values())
    # W1: X has only a participating week; nobody is compared.
    assert (lift[W[1]]["accounts_compared"], lift[W[1]]["lift_median"]) == (0, None)
    # W2: X took part in W1 (0.2) and not in W2 (0.0): lift 0.2. Z has no week away yet.
    assert lift[W[2]]["accounts_compared"] == 1
    assert lift[W[2]]["lift_median"] == pytest.approx(0.2)
    # W4: X (0.2+0.25)/2 − 0 = 0.225; Z 0.2 − 0 = 0.2; Y never away; K has no rate.
    assert lift[W[4]]["accounts_compared"] == 2
    assert lift[W[4]]["lift_median"] == pytest.approx((0.225 + 0.2) / 2)
    assert lift[W[4]]["participating_growth_median"] == pytest.approx((0.225 + 0.2) / 2)
    assert lift[W[4]]["nonparticipating_growth_median"] == 0.0
