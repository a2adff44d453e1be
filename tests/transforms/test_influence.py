"""account_week.influence_* through the whole build: posts in, PageRank of the weekly
interaction graph out, checked against an independent power iteration, networkx and the
damping arithmetic of METRICS.md."""

import math
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# networkx.pagerank needs scipy, which chatreach does not install; networkx's own pure-Python
# implementation of the same definition (tested by networkx against the scipy one) stands in.
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as nx_pagerank

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat

W47 = "2026-11-16"  # Monday of 2026-W47 in New York
START = datetime(2026, 11, 16, 12, tzinfo=UTC)  # inside W47 (New York) whatever the hour added


def _at(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def _build(posts: list[dict], **chat) -> dict[tuple[str, str], dict]:
    con = new_warehouse()
    load(con, posts=posts)
    build_chat(con, tchat(**chat))
    found = rows(con, "select * from marts.account_week")
    return {(str(row["week_start"]), row["account_id"]): row for row in found}


def _power_iteration(nodes: list[str], weights: dict[tuple[str, str], float]) -> dict[str, float]:
    """PageRank by the textbook power iteration: damping 0.85, uniform teleport, dangling rank
    spread uniformly; iterate until the L1 change is below 1e-15."""
    n, d = len(nodes), 0.85
    out = defaultdict(float)
    for (a, _), w in weights.items():
        out[a] += w
    rank = {v: 1 / n for v in nodes}
    for _ in range(10_000):
        dangling = sum(rank[v] for v in nodes if out[v] == 0)
        new = {v: (1 - d) / n + d * dangling / n for v in nodes}
        for (a, b), w in weights.items():
            new[b] += d * rank[a] * w / out[a]
        change = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if change < 1e-15:
            return rank
    raise AssertionError("no convergence")


A, B, C, D = "101", "102", "103", "104"

# A small week, edge by edge (s sums 1 per reply/repost/quote and 0.5 per mention):
#   A -> B: two replies to b1                      s = 2    weight ln 3
#   A -> C: a1 mentions C (a2's mention of C too)  s = 1    weight ln 2
#   C -> B: repost of b1                           s = 1    weight ln 2
#   C -> A: quote of a1                            s = 1    weight ln 2
#   C -> D: the quote mentions D                   s = 0.5  weight ln 1.5
#   B, D: no out-edges (dangling); D never posts, it is a node as a mention target.
SMALL_WEEK = [
    post("b1", B, _at(0), text="Q1 what makes a chat work? #TChat"),
    post("a1", A, _at(5), "reply", reply_to=("b1", B), mentions=(C,)),
    post("a2", A, _at(6), "reply", reply_to=("b1", B), mentions=(C, A)),  # self-mention ignored
    post(
        "c1", C, _at(7), "repost", referenced=("b1", B), mentions=(A,)
    ),  # repost: mentions ignored
    post("c2", C, _at(8), "quote", referenced=("a1", A), mentions=(D, A)),  # A is the quote target
]
SMALL_EDGES = {
    (A, B): math.log(3),
    (A, C): math.log(2),
    (C, B): math.log(2),
    (C, A): math.log(2),
    (C, D): math.log(1.5),
}


def test_small_graph_matches_an_independent_power_iteration():
    """A 4-account week built from posts: influence_pagerank equals a plain-Python power
    iteration on the edges worked out by hand above, to 1e-9, and sums to 1."""
    found = _build(SMALL_WEEK)
    expected = _power_iteration([A, B, C, D], SMALL_EDGES)
    assert {account for _, account in found} == {A, B, C, D}
    for account, value in expected.items():
        assert found[(W47, account)]["influence_pagerank"] == pytest.approx(value, abs=1e-9)
    assert sum(row["influence_pagerank"] for row in found.values()) == pytest.approx(1, abs=1e-12)


def test_small_graph_rank_and_score_by_hand():
    """Ranks by hand. A and C both send out ln 6 in all (A: ln 3 + ln 2; C: ln 2 + ln 2 +
    ln 1.5) and each passes the other ln 2 / ln 6 of its rank; everyone gets the same teleport
    and dangling share, so pagerank(A) = pagerank(C) exactly, and the tie goes by account_id:
    A (101) before C (103). B receives ln 3 / ln 6 of A and ln 2 / ln 6 of C, more than A or C
    receive, so it is first; D receives only ln 1.5 / ln 6 of C, so it is last.
    influence_score is 100 × pagerank / B's pagerank."""
    found = _build(SMALL_WEEK)
    pr = {account: found[(W47, account)]["influence_pagerank"] for account in (A, B, C, D)}
    ranks = {account: found[(W47, account)]["influence_rank"] for account in (A, B, C, D)}
    assert ranks == {B: 1, A: 2, C: 3, D: 4}
    assert pr[B] > pr[A] > pr[D]
    assert pr[A] == pytest.approx(pr[C], abs=1e-15)
    assert found[(W47, B)]["influence_score"] == 100.0
    for account in (A, C, D):
        assert found[(W47, account)]["influence_score"] == pytest.approx(100 * pr[account] / pr[B])


def test_equal_pageranks_take_ranks_by_platform_then_account_id():
    """Three accounts nobody interacts with have the same pagerank; their ranks follow
    account_id (the same platform), whatever order they were loaded in."""
    posts = [post(f"p{i}", account, _at(i)) for i, account in enumerate(["303", "301", "302"])]
    found = _build(posts)
    assert [found[(W47, a)]["influence_rank"] for a in ("301", "302", "303")] == [1, 2, 3]
    assert {found[(W47, a)]["influence_score"] for a in ("301", "302", "303")} == {100.0}


def test_repeating_a_mention_has_diminishing_returns():
    """X mentions B in 50 posts (s = 25) and replies to C once (s = 1): X passes B
    ln(26)/ln(2) ≈ 4.70 times what it passes C, not 25 times. B and C have no out-edges and X
    no in-edges, so each of B and C holds the common base (X's pagerank) plus what X passes."""
    x, b, c = "900", "901", "902"
    posts = [post(f"m{i}", x, _at(i), mentions=(b,)) for i in range(50)]
    posts.append(post("r1", x, _at(60), "reply", reply_to=("c1", c)))
    found = _build(posts)
    pr = {account: found[(W47, account)]["influence_pagerank"] for account in (x, b, c)}
    ratio = (pr[b] - pr[x]) / (pr[c] - pr[x])
    assert ratio == pytest.approx(math.log(26) / math.log(2), rel=1e-9)
    assert 4.6 < ratio < 4.8  # not 25


def test_many_mentioners_lift_more_than_one_repeated_mentioner():
    """In one week, 50 distinct accounts mention B1 once each, and one account X mentions B2 in
    50 posts. Every mentioner passes all its rank on (its only edge), so B1 gains 50 base shares
    and B2 one: B1 ranks first and its lift over the base is 50 times B2's."""
    b1, b2, x = "801", "802", "800"
    posts = [post(f"f{i}", f"7{i:02d}", _at(i), mentions=(b1,)) for i in range(50)]
    posts += [post(f"x{i}", x, _at(i), mentions=(b2,)) for i in range(50)]
    found = _build(posts)
    pr = {account: row["influence_pagerank"] for (_, account), row in found.items()}
    base = pr[x]  # no in-edges
    assert found[(W47, b1)]["influence_rank"] == 1
    assert found[(W47, b2)]["influence_rank"] == 2
    assert (pr[b1] - base) / (pr[b2] - base) == pytest.approx(50, rel=1e-9)
    assert found[(W47, b2)]["influence_score"] < 10


# --- random cross-check with networkx -------------------------------------------------------

PEOPLE = ["1", "2", "3", "4", "5", "6"]
NEW_YORK = ZoneInfo("America/New_York")


def _week_start(instant: datetime) -> str:
    day: date = instant.astimezone(NEW_YORK).date()
    return str(day - timedelta(days=day.weekday()))


@st.composite
def a_post(draw, index: int):
    author = draw(st.sampled_from(PEOPLE))
    kind = draw(st.sampled_from(["original", "reply", "repost", "quote"]))
    other = draw(st.sampled_from(PEOPLE))
    # Two weeks before W47 (instants after the warehouse's "now" would be refused at load).
    minutes = -draw(st.integers(1, 14 * 24 * 60))
    return post(
        f"p{index}",
        author,
        _at(minutes),
        kind,
        reply_to=("q", other) if kind == "reply" else None,
        referenced=("q", other) if kind in ("repost", "quote") else None,
        mentions=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=3))),
    )


@st.composite
def some_posts(draw):
    n = draw(st.integers(1, 25))
    return [draw(a_post(i)) for i in range(n)]


def _graphs(posts: list[dict]) -> dict[str, nx.DiGraph]:
    """The weekly graphs of METRICS.md, built here from the post dicts directly."""
    strength: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    nodes: dict[str, set[str]] = defaultdict(set)
    for p in posts:
        week = _week_start(p["created_at"])
        a = p["author_id"]
        nodes[week].add(a)
        found: list[tuple[str, float]] = []
        if p["kind"] == "reply":
            found.append((p["reply_to_account_id"], 1.0))
        if p["kind"] in ("repost", "quote"):
            found.append((p["referenced_account_id"], 1.0))
        if p["kind"] != "repost":
            own = (
                p["reply_to_account_id"]
                if p["kind"] == "reply"
                else (p["referenced_account_id"] if p["kind"] == "quote" else None)
            )
            found += [(m, 0.5) for m in set(p["mention_ids"]) if m != own]
        for target, s in found:
            if target != a:
                nodes[week].add(target)
                strength[week][(a, target)] += s
    graphs = {}
    for week, members in nodes.items():
        graph = nx.DiGraph()
        graph.add_nodes_from(members)
        for (a, b), s in strength[week].items():
            graph.add_edge(a, b, weight=math.log1p(s))
        graphs[week] = graph
    return graphs


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(some_posts())
def test_random_weeks_match_networkx(posts):
    """Random replies, reposts, quotes and mentions over two weeks: influence_pagerank equals
    networkx.pagerank of the graph built here from the same posts to 1e-9, and sums to 1 per
    chat-week; influence_rank numbers each week's accounts 1…n."""
    found = _build(posts)
    graphs = _graphs(posts)
    assert {(week, node) for week, g in graphs.items() for node in g.nodes} == set(found)
    for week, graph in graphs.items():
        expected = nx_pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000)
        for node, value in expected.items():
            assert found[(week, node)]["influence_pagerank"] == pytest.approx(value, abs=1e-9)
        total = sum(found[(week, node)]["influence_pagerank"] for node in graph.nodes)
        assert total == pytest.approx(1, abs=1e-9)
        ranks = sorted(found[(week, node)]["influence_rank"] for node in graph.nodes)
        assert ranks == list(range(1, len(graph) + 1))
