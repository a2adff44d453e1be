"""transforms.pagerank against independent power iteration, networkx and the METRICS weighting."""

import math

import duckdb
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# networkx.pagerank needs scipy, which chatreach does not install; this is networkx's own
# pure-Python implementation of the same definition (networkx tests the two against each other).
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as nx_pagerank

from transforms.pagerank import interaction_weight, pagerank

D = 0.85


def run(nodes, edges, **kwargs):
    """Load (graph_id, node_id) and (graph_id, source, target, weight) rows; return ranks, iterations."""  # noqa: E501
    con = duckdb.connect()
    con.execute("CREATE TABLE nodes (graph_id BIGINT, node_id VARCHAR)")
    con.execute(
        "CREATE TABLE edges (graph_id BIGINT, source_id VARCHAR, target_id VARCHAR, weight DOUBLE)"
    )
    if nodes:
        con.executemany("INSERT INTO nodes VALUES (?, ?)", nodes)
    if edges:
        con.executemany("INSERT INTO edges VALUES (?, ?, ?, ?)", edges)
    iterations = pagerank(con, "nodes", "edges", "ranks", **kwargs)
    rows = con.execute("SELECT * FROM ranks").fetchall()
    ranks = {(g, n): pr for g, n, pr in rows}
    assert len(ranks) == len(rows), "a node appears twice in the result"
    return ranks, iterations, con


def power_iteration(nodes, edges, steps=500):
    """Plain dict-based PageRank, written independently of the SQL, with dangling nodes."""
    n = len(nodes)
    out_weight = {u: 0.0 for u in nodes}
    for u, _, w in edges:
        out_weight[u] += w
    rank = {v: 1 / n for v in nodes}
    for _ in range(steps):
        dangling = sum(rank[u] for u in nodes if out_weight[u] == 0)
        new = {v: (1 - D) / n + D * dangling / n for v in nodes}
        for u, v, w in edges:
            new[v] += D * rank[u] * w / out_weight[u]
        rank = new
    return rank


FOUR = ["a", "b", "c", "d"]
FOUR_EDGES = [("a", "b", 1.0), ("a", "c", 3.0), ("b", "c", 1.0), ("b", "d", 1.0), ("c", "a", 2.0)]


def test_four_node_graph_with_a_dangling_node_matches_independent_power_iteration():
    """d has no out-edges; its rank is spread over all four nodes like the reference does."""
    ranks, _, _ = run([(7, v) for v in FOUR], [(7, u, v, w) for u, v, w in FOUR_EDGES])
    expected = power_iteration(FOUR, FOUR_EDGES)
    assert set(ranks) == {(7, v) for v in FOUR}
    for v in FOUR:
        assert ranks[(7, v)] == pytest.approx(expected[v], abs=1e-12)
    assert sum(ranks.values()) == pytest.approx(1.0, abs=1e-12)
    # The balance equations written out by hand; d's rank returns to everyone through t.
    a, b, c, d = (ranks[(7, v)] for v in FOUR)
    t = (1 - D) / 4 + D * d / 4
    assert a == pytest.approx(t + D * c, abs=1e-12)
    assert b == pytest.approx(t + D * a * 1 / 4, abs=1e-12)
    assert c == pytest.approx(t + D * (a * 3 / 4 + b * 1 / 2), abs=1e-12)
    assert d == pytest.approx(t + D * b * 1 / 2, abs=1e-12)


def test_single_node_graph_gets_one_and_edgeless_graph_is_uniform_after_one_iteration():
    """One node: 1.0. Three nodes and no edges: 1/3 each; nothing changes after the first step."""
    ranks, iterations, _ = run([(1, "x"), (2, "p"), (2, "q"), (2, "r")], [])
    assert ranks[(1, "x")] == pytest.approx(1.0, abs=1e-15)
    for v in "pqr":
        assert ranks[(2, v)] == pytest.approx(1 / 3, abs=1e-15)
    assert iterations == 1


def test_empty_node_table_gives_an_empty_result_after_zero_iterations():
    """No graphs at all: the result table exists, is empty, and no step ran."""
    ranks, iterations, _ = run([], [])
    assert (ranks, iterations) == ({}, 0)


def test_returns_the_iterations_until_the_l1_change_falls_below_tolerance():
    """The count equals the steps the independent iteration needs for an L1 change < 1e-12."""
    _, iterations, _ = run([(7, v) for v in FOUR], [(7, u, v, w) for u, v, w in FOUR_EDGES])
    steps = 0
    previous = power_iteration(FOUR, FOUR_EDGES, steps=0)
    while True:
        steps += 1
        current = power_iteration(FOUR, FOUR_EDGES, steps=steps)
        if sum(abs(current[v] - previous[v]) for v in FOUR) < 1e-12:
            break
        previous = current
    assert abs(iterations - steps) <= 1  # summation order may move the last step across 1e-12


def test_graphs_in_one_call_get_their_own_ranks_and_the_slowest_graphs_iteration_count():
    """A graph frozen early is not moved by the others, and the count is the slowest one's."""
    four = ([(7, v) for v in FOUR], [(7, u, v, w) for u, v, w in FOUR_EDGES])
    pair = ([(8, "p"), (8, "q")], [(8, "p", "q", 1.0)])
    together, iterations, _ = run(four[0] + pair[0], four[1] + pair[1])
    alone_four, four_steps, _ = run(*four)
    alone_pair, pair_steps, _ = run(*pair)
    assert together == pytest.approx({**alone_four, **alone_pair}, abs=1e-15)
    assert iterations == max(four_steps, pair_steps)
    assert four_steps != pair_steps  # so the count could have been the wrong one


def test_not_converging_within_max_iterations_raises():
    """A graph still moving after max_iterations is an error, not a silently rough result."""
    with pytest.raises(RuntimeError, match="did not reach"):
        run([(7, v) for v in FOUR], [(7, u, v, w) for u, v, w in FOUR_EDGES], max_iterations=3)


def test_leaves_only_the_result_table_behind():
    """Intermediate temp tables are dropped; inputs stay and the result is a temp table."""
    _, _, con = run([(7, v) for v in FOUR], [(7, u, v, w) for u, v, w in FOUR_EDGES])
    tables = {
        (t, temp)
        for t, temp in con.execute("SELECT table_name, temporary FROM duckdb_tables()").fetchall()
    }
    assert tables == {("nodes", False), ("edges", False), ("ranks", True)}


def test_a_database_error_inside_a_transaction_is_raised_not_masked_by_the_clean_up():
    """The build runs in one transaction; after a failed statement the original error surfaces."""
    con = duckdb.connect()
    con.execute("CREATE TABLE edges (graph_id INT, source_id VARCHAR, target_id VARCHAR, w DOUBLE)")
    con.execute("CREATE VIEW broken AS SELECT 1 AS graph_id, error('boom') AS node_id")
    con.begin()
    with pytest.raises(duckdb.Error, match="boom"):
        pagerank(con, "broken", "edges", "ranks")


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        ((7, "a", "zz", 1.0), "match"),
        ((7, "a", "b", 0.0), "positive"),
        ((8, "a", "b", 1.0), "match"),
    ],
)
def test_edges_outside_their_graph_or_with_non_positive_weight_are_rejected(edge, message):
    """An endpoint that is not a node of the edge's graph, or weight <= 0, raises ValueError."""
    with pytest.raises(ValueError, match=message):
        run([(7, "a"), (7, "b"), (8, "c")], [edge])


def test_a_node_listed_twice_in_its_graph_is_rejected():
    """A duplicate (graph_id, node_id) would miscount N, so it raises ValueError."""
    with pytest.raises(ValueError, match="twice"):
        run([(7, "a"), (7, "b"), (7, "b"), (8, "b")], [(7, "a", "b", 1.0)])


@st.composite
def graph_batches(draw):
    """1-4 graphs of 1-12 nodes with random weighted edges; isolated and dangling nodes occur."""
    batch = []
    for graph_id in draw(
        st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=4, unique=True)
    ):
        n = draw(st.integers(1, 12))
        pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
        chosen = draw(
            st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))
            if pairs
            else st.just([])
        )
        weights = draw(st.lists(st.floats(0.01, 100.0), min_size=len(chosen), max_size=len(chosen)))
        batch.append((graph_id, n, [(u, v, w) for (u, v), w in zip(chosen, weights, strict=True)]))
    return batch


@settings(max_examples=60, deadline=None)
@given(graph_batches())
def test_every_value_equals_networkx_pagerank_and_each_graph_sums_to_one(batch):
    """Random graphs in one call: within 1e-9 of networkx, each graph summing to one."""
    nodes = [(g, f"n{i}") for g, n, _ in batch for i in range(n)]
    edges = [(g, f"n{u}", f"n{v}", w) for g, _, es in batch for u, v, w in es]
    ranks, _, _ = run(nodes, edges)
    assert len(ranks) == len(nodes)
    for graph_id, n, graph_edges in batch:
        graph = nx.DiGraph()
        graph.add_nodes_from(f"n{i}" for i in range(n))
        graph.add_weighted_edges_from((f"n{u}", f"n{v}", w) for u, v, w in graph_edges)
        expected = nx_pagerank(graph, alpha=D, weight="weight", tol=1e-12, max_iter=1000)
        for node, value in expected.items():
            assert ranks[(graph_id, node)] == pytest.approx(value, abs=1e-9)
        assert sum(ranks[(graph_id, f"n{i}")] for i in range(n)) == pytest.approx(1.0, abs=1e-9)


def test_fifty_mentions_pass_ln26_over_ln2_times_what_one_reply_passes():
    """A mentions B 50 times (s=25) and replies to C once (s=1): B receives 4.70x C's flow."""
    edges = [(1, "A", "B", interaction_weight(50 * 0.5)), (1, "A", "C", interaction_weight(1.0))]
    # Z has no in-edges, so its rank is exactly the teleport-plus-dangling share every node gets.
    ranks, _, _ = run([(1, v) for v in "ABCZ"], edges)
    flow_b, flow_c = (ranks[(1, v)] - ranks[(1, "Z")] for v in "BC")
    assert flow_b / flow_c == pytest.approx(math.log(26) / math.log(2), rel=1e-9)
    assert flow_b / flow_c == pytest.approx(4.70, abs=0.005)


def test_fifty_distinct_mentioners_lift_b_far_more_than_one_account_mentioning_fifty_times():
    """Same 51 accounts; breadth (50 x ln 1.5) beats one account's volume (ln 26) by far."""
    accounts = [f"m{i}" for i in range(50)]
    nodes = [(g, v) for g in (1, 2) for v in [*accounts, "B"]]
    edges = [(1, m, "B", interaction_weight(0.5)) for m in accounts]
    edges.append((2, "m0", "B", interaction_weight(50 * 0.5)))
    ranks, _, _ = run(nodes, edges)
    assert ranks[(1, "B")] > 10 * ranks[(2, "B")]
    assert ranks[(1, "B")] > 0.4 > ranks[(2, "B")]
