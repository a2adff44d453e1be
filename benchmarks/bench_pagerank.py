"""Time transforms.pagerank on heavy-tailed random graphs of 50k nodes and 500k edges each."""

from __future__ import annotations

import argparse
import time

import duckdb
import numpy as np
import polars as pl

from transforms.pagerank import pagerank

NODES, EDGES = 50_000, 500_000


def heavy_tailed(graph_id: int, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One week's graph: Zipf-like out- and in-degrees, unique edges, no self-loops."""
    popularity = np.arange(1, NODES + 1, dtype=float)
    p_out, p_in = popularity**-0.8, popularity**-1.0
    p_out, p_in = p_out / p_out.sum(), p_in / p_in.sum()
    out_order, in_order = rng.permutation(NODES), rng.permutation(NODES)
    keys = np.empty(0, dtype=np.int64)
    while keys.size < EDGES:
        draw = int((EDGES - keys.size) * 1.6) + 1000
        src = out_order[rng.choice(NODES, draw, p=p_out)].astype(np.int64)
        dst = in_order[rng.choice(NODES, draw, p=p_in)].astype(np.int64)
        keys = np.unique(np.concatenate([keys, (src * NODES + dst)[src != dst]]))
    keys = rng.permutation(keys)[:EDGES]
    # ln(1 + s) with s a sum of 1.0 per reply and 0.5 per mention, as in METRICS.
    strength = rng.geometric(0.4, EDGES) * rng.choice([0.5, 1.0], EDGES)
    names = np.char.add("acct", rng.permutation(10 * NODES)[:NODES].astype(str))
    nodes = pl.DataFrame({"graph_id": np.full(NODES, graph_id), "node_id": names})
    edges = pl.DataFrame(
        {
            "graph_id": np.full(EDGES, graph_id),
            "source_id": names[keys // NODES],
            "target_id": names[keys % NODES],
            "weight": np.log1p(strength),
        }
    )
    return nodes, edges


def bench(graphs: int, seed: int = 2026) -> None:
    """Load `graphs` graphs into a fresh DuckDB, run pagerank once and print the timing."""
    rng = np.random.default_rng(seed)
    parts = [heavy_tailed(week, rng) for week in range(graphs)]
    nodes = pl.concat([n for n, _ in parts])
    edges = pl.concat([e for _, e in parts])
    con = duckdb.connect()
    con.register("nodes_frame", nodes)
    con.register("edges_frame", edges)
    con.execute("CREATE TABLE nodes AS SELECT * FROM nodes_frame")
    con.execute("CREATE TABLE edges AS SELECT * FROM edges_frame")
    start = time.perf_counter()
    iterations = pagerank(con, "nodes", "edges", "ranks")
    seconds = time.perf_counter() - start
    (worst,) = con.execute(
        "SELECT max(abs(s - 1)) FROM (SELECT sum(pagerank) AS s FROM ranks GROUP BY graph_id)"
    ).fetchall()[0]
    print(
        f"{graphs:3d} graph(s), {graphs * NODES:>9,} nodes, {graphs * EDGES:>10,} edges: "
        f"{seconds:6.2f} s, {iterations} iterations, {seconds / graphs:5.2f} s per graph, "
        f"max |sum - 1| = {worst:.1e}",
        flush=True,
    )


def main() -> None:
    """Run the single-graph and the many-graph benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graphs", type=int, nargs="*", default=[1, 12])
    for graphs in parser.parse_args().graphs:
        bench(graphs)


if __name__ == "__main__":
    main()
