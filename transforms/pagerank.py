"""Weighted PageRank for many graphs at once.

DuckDB prepares the graphs (dense integer ids, each edge's weight over its source's out-weight)
and checks them; the power iteration itself runs on numpy arrays. Each step is a scatter-add
over every edge (`np.bincount`), done in milliseconds, where the same step as a DuckDB
statement costs a join, a group-by and a temp table: at a busy year's 52 weekly graphs and
about 100 steps each, that was most of the build. A graph whose L1 change falls below the
tolerance is frozen and leaves the working arrays, so the steps cost what the graphs still
moving hold.
"""

from __future__ import annotations

import contextlib
import math
import re

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.sql import sql_query

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
_TEMPS = ("nodes", "all_edges", "done")
_DUPLICATES = sql_query("transforms", "pagerank/duplicates")


def _sql(name: str, **values: object) -> str:
    """The step's query `pagerank/<name>.sql` with its slots filled by our own values."""
    return sql_query("transforms", f"pagerank/{name}", **{k: str(v) for k, v in values.items()})


def interaction_weight(strength: float) -> float:
    """Edge weight ln(1 + s) for an interaction strength s (replies count 1.0, mentions 0.5)."""
    return math.log1p(strength)


def pagerank(
    con: duckdb.DuckDBPyConnection,
    nodes: str,
    edges: str,
    result: str,
    damping: float = 0.85,
    tolerance: float = 1e-12,
    max_iterations: int = 1000,
) -> int:
    """Create temp table `result` (graph_id, node_id, pagerank) of all graphs; return the
    iterations of the slowest graph."""
    for name in (nodes, edges):
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a table name: {name!r}")
    if not _NAME.fullmatch(result) or "." in result:
        raise ValueError(f"not a temp table name: {result!r}")
    if not 0.0 <= damping <= 1.0 or not 0.0 < tolerance < math.inf:
        raise ValueError(f"need 0 <= damping <= 1 and tolerance > 0: {damping}, {tolerance}")

    _drop_temps(con)
    try:
        con.execute(_sql("nodes", nodes=nodes))
        (duplicates,) = _row(con, _DUPLICATES)
        if duplicates:
            raise ValueError(f"{nodes}: {duplicates} (graph_id, node_id) pairs occur twice")
        n_edges, bad_weights = _row(con, _sql("check", edges=edges))
        if bad_weights:
            raise ValueError(f"{edges}: {bad_weights} weights are not positive and finite")
        con.execute(_sql("edges", edges=edges))
        graph = con.execute("SELECT gid FROM __pagerank_nodes ORDER BY nid").fetchnumpy()
        links = con.execute("SELECT src, dst, w FROM __pagerank_all_edges").fetchnumpy()
        if len(links["src"]) != n_edges:
            raise ValueError(
                f"{edges}: endpoints of {n_edges} edges match {len(links['src'])} node pairs"
            )
        ranks, iterations = power_iteration(
            np.asarray(graph["gid"], dtype=np.int64),
            np.asarray(links["src"], dtype=np.int64),
            np.asarray(links["dst"], dtype=np.int64),
            np.asarray(links["w"], dtype=np.float64),
            damping,
            tolerance,
            max_iterations,
        )
        done = pa.table({"nid": np.arange(ranks.size, dtype=np.int32), "pr": ranks})
        con.register("__pagerank_ranks", done)
        try:
            con.execute("CREATE TEMP TABLE __pagerank_done AS SELECT * FROM __pagerank_ranks")
        finally:
            con.unregister("__pagerank_ranks")
        con.execute(_sql("result", result=result))
    except BaseException:
        # In an aborted transaction the clean-up fails too; the first error is the one to see.
        with contextlib.suppress(duckdb.Error):
            _drop_temps(con)
        raise
    _drop_temps(con)
    return iterations


def power_iteration(
    gid: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    w: np.ndarray,
    damping: float,
    tolerance: float,
    max_iterations: int,
) -> tuple[np.ndarray, int]:
    """The ranks of nodes 0..n-1 (node i in graph gid[i]) from edges src → dst of normalised
    weight w, and the steps the slowest graph took. A step gives each node the graph's
    teleport and dangling share, (1 - d + d · rank of its dangling nodes) / n, plus d times its
    weighted inflow; a graph stops when the L1 change of its ranks is below `tolerance`."""
    ranks = np.empty(gid.size)
    if gid.size == 0:
        return ranks, 0
    inverse_size = 1.0 / np.bincount(gid)
    dangling = np.bincount(src, minlength=gid.size) == 0
    nodes = np.arange(gid.size)  # the still-moving nodes' ids; the arrays below are theirs
    rank = inverse_size[gid]
    steps = 0
    while nodes.size:
        if steps == max_iterations:
            graphs = inverse_size.size
            raise RuntimeError(
                f"PageRank of {graphs} graphs did not reach an L1 change below {tolerance}"
                f" within {max_iterations} iterations"
            )
        steps += 1
        inflow = np.bincount(dst, weights=w * rank[src], minlength=nodes.size)
        lost = np.bincount(gid, weights=np.where(dangling, rank, 0.0), minlength=inverse_size.size)
        share = inverse_size * ((1 - damping) + damping * lost)
        new = share[gid] + damping * inflow
        change = np.bincount(gid, weights=np.abs(new - rank), minlength=inverse_size.size)
        rank = new
        still = change >= tolerance
        if still.all():
            continue
        moving = still[gid]
        ranks[nodes[~moving]] = rank[~moving]
        renumber = np.cumsum(moving) - 1
        kept = moving[src]  # an edge's ends are in one graph
        src, dst, w = renumber[src[kept]], renumber[dst[kept]], w[kept]
        gid = (np.cumsum(still) - 1)[gid[moving]]
        inverse_size = inverse_size[still]
        nodes, rank, dangling = nodes[moving], rank[moving], dangling[moving]
    return ranks, steps


def _row(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    if row is None:
        raise RuntimeError(f"no row from {sql}")
    return tuple(int(v) for v in row)


def _drop_temps(con: duckdb.DuckDBPyConnection) -> None:
    for table in _TEMPS:
        con.execute(f"DROP TABLE IF EXISTS temp.main.__pagerank_{table}")
