"""chat_lift's 95% interval for its median: the order-statistic rule on hand-worked samples,
and on constructed panels it holds 0 when taking part changes nothing and covers a known
effect."""

import random
from datetime import date

import pytest

from tests.builders import load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

WEDNESDAYS = ["2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"]
LAST_WEEK = date(2026, 11, 23)


def _lift_row(followers: dict[str, list[int]], takes_part: dict[str, set[int]]) -> dict:
    """Build a chat from weekly follower counts (index 0 is the week before the first) and
    the weeks each account takes part in; the chat_lift row of the last week."""
    con = new_warehouse()
    posts = [
        post(f"{account}-{week}", account, f"{WEDNESDAYS[week]}T01:00:00+00:00")
        for account, weeks in takes_part.items()
        for week in weeks
    ]
    # A host posts every week, so that every week is a chat week.
    posts += [post(f"host-{w}", "host", f"{WEDNESDAYS[w]}T02:00:00+00:00") for w in range(1, 5)]
    snapshots = [
        snapshot(account, f"{WEDNESDAYS[week]}T12:00:00+00:00", count)
        for account, counts in followers.items()
        for week, count in enumerate(counts)
    ]
    load(con, posts=posts, snapshots=snapshots)
    build_chat(con, tchat())
    [row] = rows(con, "select * from marts.chat_lift where week_start = ?", [LAST_WEEK])
    return row


def _designed(n: int) -> dict:
    """n accounts taking part in week 1 only: followers 1000 → 1000 + i → unchanged, so the
    i-th account's lift is i/1000 (growth i/1000 when taking part, 0 when away)."""
    followers = {f"a{i}": [1000, 1000 + i, 1000 + i, 1000 + i, 1000 + i] for i in range(1, n + 1)}
    return _lift_row(followers, {f"a{i}": {1} for i in range(1, n + 1)})


@pytest.mark.parametrize(
    ("n", "low", "high"),
    [
        # n = 20: j = max(1, floor(10 - 0.98 * 4.472)) = floor(5.617) = 5,
        #         k = min(20, ceil(11 + 4.383)) = 16.
        (20, 0.005, 0.016),
        # n = 25: j = floor(12.5 - 4.9) = 7, k = ceil(13.5 + 4.9) = 19.
        (25, 0.007, 0.019),
        # n = 100: j = floor(50 - 9.8) = 40, k = ceil(51 + 9.8) = 61.
        (100, 0.040, 0.061),
    ],
)
def test_the_interval_is_the_j_th_and_k_th_smallest_lift(n, low, high):
    row = _designed(n)
    assert row["accounts_compared"] == n
    assert row["lift_ci_low"] == pytest.approx(low)
    assert row["lift_ci_high"] == pytest.approx(high)
    assert row["lift_ci_low"] <= row["lift_median"] <= row["lift_ci_high"]


def test_below_twenty_accounts_there_is_no_interval():
    row = _designed(19)
    assert row["accounts_compared"] == 19 and row["lift_median"] == pytest.approx(0.010)
    assert row["lift_ci_low"] is None and row["lift_ci_high"] is None


def _panel(seed: int, effect: float, accounts: int = 30) -> dict:
    """Accounts growing by a random 1% ± 2% a week, `effect` more in weeks they take part;
    each takes part in a random non-empty, not-full set of the four weeks."""
    rng = random.Random(seed)
    followers, takes_part = {}, {}
    for i in range(accounts):
        weeks = set(rng.sample(range(1, 5), rng.randint(1, 3)))
        counts = [100_000]
        for week in range(1, 5):
            growth = rng.gauss(0.01, 0.02) + (effect if week in weeks else 0.0)
            counts.append(round(counts[-1] * (1 + growth)))
        followers[f"a{i}"], takes_part[f"a{i}"] = counts, weeks
    return _lift_row(followers, takes_part)


@pytest.mark.slow
def test_with_no_effect_the_interval_holds_zero_in_nine_panels_of_ten():
    panels = [_panel(seed, effect=0.0) for seed in range(30)]
    assert all(p["accounts_compared"] == 30 for p in panels)
    holding = sum(p["lift_ci_low"] <= 0 <= p["lift_ci_high"] for p in panels)
    assert holding >= 27, holding


@pytest.mark.slow
def test_a_known_effect_is_covered_and_told_apart_from_none():
    panels = [_panel(100 + seed, effect=0.03) for seed in range(30)]
    covering = sum(p["lift_ci_low"] <= 0.03 <= p["lift_ci_high"] for p in panels)
    assert covering >= 27, covering
    assert sum(p["lift_ci_low"] > 0 for p in panels) >= 27
