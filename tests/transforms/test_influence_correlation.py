"""marts.influence_correlation: Spearman rank correlations between followers, reposts,
mentions and PageRank over a chat-week's accounts, worked out by hand."""

import math
from datetime import date

import pytest

from tests.builders import load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

W45, W46, W47 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)
A, B, C, D, E = "21", "22", "23", "24", "25"
FOLLOWERS = {A: 500, B: 400, C: 300, D: 200, E: 100}


def _t(day: int, minute: int) -> str:
    return f"2026-11-{day:02d}T01:{minute:02d}:00+00:00"


# W45 (Tuesday the 3rd in New York):
#   reposts_received: A 2 (B, C), B 2 (A, D), C 1 (E), D 0, E 0
#   mentions_received (distinct posts): A 0, B 1 (d2), C 0, D 3 (a2, b2, c2), E 2 (b2, c2)
W45_POSTS = [
    post("a1", A, _t(4, 0)),
    post("b1", B, _t(4, 1)),
    post("c1", C, _t(4, 2)),
    post("d1", D, _t(4, 3)),
    post("e1", E, _t(4, 4)),
    post("r1", B, _t(4, 5), "repost", referenced=("a1", A)),
    post("r2", C, _t(4, 6), "repost", referenced=("a1", A)),
    post("r3", A, _t(4, 7), "repost", referenced=("b1", B)),
    post("r4", D, _t(4, 8), "repost", referenced=("b1", B)),
    post("r5", E, _t(4, 9), "repost", referenced=("c1", C)),
    post("d2", D, _t(4, 10), mentions=(B,)),
    post("a2", A, _t(4, 11), mentions=(D,)),
    post("b2", B, _t(4, 12), mentions=(D, E)),
    post("c2", C, _t(4, 13), mentions=(D, E)),
]
# W46: two accounts only. W47: three accounts, nobody reposted (a constant measure).
LATER_POSTS = [
    post("w46a", A, _t(11, 0), mentions=(B,)),
    post("w47a", A, _t(18, 0), mentions=(B,)),
    post("w47b", B, _t(18, 1), mentions=(C,)),
    post("w47c", C, _t(18, 2)),
]
SNAPSHOTS = [snapshot(x, "2026-10-01T00:00:00+00:00", n) for x, n in FOLLOWERS.items()]


@pytest.fixture(scope="module")
def warehouse():
    con = new_warehouse()
    load(con, posts=W45_POSTS + LATER_POSTS, snapshots=SNAPSHOTS)
    build_chat(con, tchat())
    return con


@pytest.fixture(scope="module")
def correlations(warehouse) -> dict[tuple[date, str, str], dict]:
    found = rows(warehouse, "select * from marts.influence_correlation")
    return {(row["week_start"], row["measure_a"], row["measure_b"]): row for row in found}


def test_six_pairs_per_week_in_a_fixed_order(correlations):
    """Each week has the 6 pairs of the 4 measures, measure_a before measure_b in the order
    followers_at_week_end, reposts_received, mentions_received, influence_pagerank."""
    order = ["followers_at_week_end", "reposts_received", "mentions_received", "influence_pagerank"]
    pairs = {(a, b) for (week, a, b) in correlations if week == W45}
    assert pairs == {(a, b) for i, a in enumerate(order) for b in order[i + 1 :]}
    assert {week for week, _, _ in correlations} == {W45, W46, W47}


def test_hand_worked_spearman(correlations):
    """Average ranks, ascending, for A..E:
    followers 500, 400, 300, 200, 100     -> 5, 4, 3, 2, 1
    reposts    2,   2,   1,   0,   0      -> 4.5, 4.5, 3, 1.5, 1.5 (ties share the mean rank)
    mentions   0,   1,   0,   3,   2      -> 1.5, 3, 1.5, 5, 4
    All means are 3. Deviations: followers 2, 1, 0, -1, -2 (squares 10); reposts 1.5, 1.5, 0,
    -1.5, -1.5 (squares 9); mentions -1.5, 0, -1.5, 2, 1 (squares 9.5).
    followers~reposts: (3 + 1.5 + 0 + 1.5 + 3) / sqrt(10 * 9) = 9 / sqrt(90)
    followers~mentions: (-3 + 0 + 0 - 2 - 2) / sqrt(10 * 9.5) = -7 / sqrt(95)
    reposts~mentions: (-2.25 + 0 + 0 - 3 - 1.5) / sqrt(9 * 9.5) = -6.75 / sqrt(85.5)"""
    expected = {
        ("followers_at_week_end", "reposts_received"): 9 / math.sqrt(90),
        ("followers_at_week_end", "mentions_received"): -7 / math.sqrt(95),
        ("reposts_received", "mentions_received"): -6.75 / math.sqrt(85.5),
    }
    for (a, b), value in expected.items():
        row = correlations[(W45, a, b)]
        assert row["accounts"] == 5
        assert row["spearman"] == pytest.approx(value, abs=1e-12)


def _average_ranks(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [ordered.index(v) + 1 + (ordered.count(v) - 1) / 2 for v in values]


def _pearson(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))


def test_pagerank_pairs_rank_the_marts_pageranks(warehouse, correlations):
    """The pairs with influence_pagerank correlate the ranks of account_week's own pageranks
    (computed here in plain Python from the mart's values) with the other measures."""
    found = rows(
        warehouse,
        "select * from marts.account_week where week_start = ? order by account_id",
        [W45],
    )
    pagerank = _average_ranks([row["influence_pagerank"] for row in found])
    for measure in ("followers_at_week_end", "reposts_received", "mentions_received"):
        other = _average_ranks([float(row[measure]) for row in found])
        row = correlations[(W45, measure, "influence_pagerank")]
        assert row["spearman"] == pytest.approx(_pearson(other, pagerank), abs=1e-12)


def test_null_when_fewer_than_three_accounts(correlations):
    """W46 has two accounts (A posts, B is mentioned): every pair is NULL, accounts = 2."""
    week = [row for (w, _, _), row in correlations.items() if w == W46]
    assert len(week) == 6
    assert all(row["accounts"] == 2 and row["spearman"] is None for row in week)


def test_null_when_a_measure_is_constant(correlations):
    """W47: A mentions B, B mentions C, C posts. Nobody is reposted (reposts_received 0 for
    all): the three pairs with reposts are NULL; the others are not. followers (500, 400, 300)
    against mentions (0, 1, 1 -> ranks 1, 2.5, 2.5) is -sqrt(3)/2."""
    for (week, a, b), row in correlations.items():
        if week != W47:
            continue
        assert row["accounts"] == 3
        if "reposts_received" in (a, b):
            assert row["spearman"] is None
        else:
            assert row["spearman"] is not None
    row = correlations[(W47, "followers_at_week_end", "mentions_received")]
    assert row["spearman"] == pytest.approx(-math.sqrt(3) / 2, abs=1e-12)
