"""Weighted PageRank for many graphs at once, computed set-based inside DuckDB."""

from __future__ import annotations

import contextlib
import math
import re

import duckdb

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
_TEMPS = ("nodes", "all_edges", "edges", "kept", "rank_a", "rank_b", "done")
# DuckDB joins on a dense INTEGER key through a perfect hash table only while the key range stays
# under about 2^20; beyond it each step gets 3-9x slower per edge. Graphs are therefore iterated
# together in batches starting every BATCH_NODES ids, each spanning < BATCH_NODES + a graph's size.
BATCH_NODES = 1 << 19

# Dense integer ids: the per-step join and group-by then run on INTEGER keys, not VARCHAR.
# nid is contiguous per graph, ordered by graph and node.
_NODES = """
CREATE TEMP TABLE __pagerank_nodes AS
  SELECT (row_number() OVER (ORDER BY x.gid, x.node_id) - 1)::INTEGER AS nid, x.*
  FROM (SELECT dense_rank() OVER (ORDER BY graph_id)::INTEGER - 1 AS gid, graph_id, node_id
        FROM {nodes}) x
"""
_DUPLICATES = """
SELECT count(*)::BIGINT
FROM (SELECT 1 FROM __pagerank_nodes GROUP BY gid, node_id HAVING count(*) > 1)
"""
_CHECK = """
SELECT count(*)::BIGINT,
       count(*) FILTER (WHERE NOT coalesce(weight > 0 AND isfinite(weight), false))::BIGINT
FROM {edges}
"""
# Normalised once: w = weight / total out-weight of the source.
_EDGES = """
CREATE TEMP TABLE __pagerank_all_edges AS
  WITH e AS (
    SELECT s.gid, s.nid AS src, t.nid AS dst, e.weight
    FROM {edges} e
    JOIN __pagerank_nodes s
      ON s.graph_id IS NOT DISTINCT FROM e.graph_id AND s.node_id = e.source_id
    JOIN __pagerank_nodes t
      ON t.graph_id IS NOT DISTINCT FROM e.graph_id AND t.node_id = e.target_id)
  SELECT gid, src, dst, weight / sum(weight) OVER (PARTITION BY src) AS w FROM e
"""
_BATCHES = """
SELECT min(lo)::BIGINT, max(hi)::BIGINT
FROM (SELECT min(nid) AS lo, max(nid) + 1 AS hi FROM __pagerank_nodes GROUP BY gid)
GROUP BY lo // $batch ORDER BY 1
"""
_BATCH_EDGES = """
CREATE TEMP TABLE __pagerank_edges AS
  SELECT * FROM __pagerank_all_edges WHERE dst >= {lo} AND dst < {hi} ORDER BY dst
"""
_START = """
CREATE TEMP TABLE __pagerank_rank_a AS
  SELECT nid, gid, 1.0 / count(*) OVER (PARTITION BY gid) AS inv_n,
         nid NOT IN (SELECT src FROM __pagerank_edges) AS dangling,
         1.0 / count(*) OVER (PARTITION BY gid) AS pr
  FROM __pagerank_nodes WHERE nid >= {lo} AND nid < {hi}
"""
# One power-iteration step for every still-active graph; `delta` feeds the per-graph L1 test.
# Dangling rank goes back to all nodes of the graph, like the teleport share.
_STEP = """
CREATE OR REPLACE TEMP TABLE {new} AS
WITH flow AS (
  SELECT e.dst AS nid, sum(e.w * r.pr) AS inflow
  FROM __pagerank_edges e JOIN {old} r ON r.nid = e.src
  GROUP BY e.dst),
base AS (
  SELECT gid,
         any_value(inv_n) * ((1 - {d}) + {d} * coalesce(sum(pr) FILTER (WHERE dangling), 0)) AS b
  FROM {old} GROUP BY gid)
SELECT r.nid, r.gid, r.inv_n, r.dangling, b.b + {d} * coalesce(f.inflow, 0) AS pr,
       abs(b.b + {d} * coalesce(f.inflow, 0) - r.pr) AS delta
FROM {old} r JOIN base b USING (gid) LEFT JOIN flow f USING (nid)
"""
_CONVERGED = "SELECT list(gid) FROM (SELECT gid FROM {new} GROUP BY gid HAVING sum(delta) < {tol})"
# A converged graph is frozen: its ranks move to `done` and its edges leave the working set.
_FREEZE = (
    "INSERT INTO __pagerank_done SELECT nid, pr FROM {new} WHERE list_contains($gids, gid)",
    "DELETE FROM {new} WHERE list_contains($gids, gid)",
    "DELETE FROM __pagerank_edges WHERE list_contains($gids, gid)",
)
# Deleted rows still cost scan time, so the edge table is rewritten once most of it is frozen.
_COMPACT = (
    "CREATE TEMP TABLE __pagerank_kept AS SELECT * FROM __pagerank_edges",
    "DROP TABLE __pagerank_edges",
    "ALTER TABLE __pagerank_kept RENAME TO __pagerank_edges",
)
_RESULT = """
CREATE OR REPLACE TEMP TABLE {result} AS
  SELECT n.graph_id, n.node_id, d.pr AS pagerank
  FROM __pagerank_done d JOIN __pagerank_nodes n USING (nid)
  ORDER BY n.nid
"""


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
    """Create temp table `result` (graph_id, node_id, pagerank) of all graphs; return iterations."""
    for name in (nodes, edges):
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a table name: {name!r}")
    if not _NAME.fullmatch(result) or "." in result:
        raise ValueError(f"not a temp table name: {result!r}")
    if not 0.0 <= damping <= 1.0 or not 0.0 < tolerance < math.inf:
        raise ValueError(f"need 0 <= damping <= 1 and tolerance > 0: {damping}, {tolerance}")
    # Literals, not parameters: a step is mostly fixed overhead on small graphs.
    d, tol = f"CAST({float(damping)!r} AS DOUBLE)", f"CAST({float(tolerance)!r} AS DOUBLE)"

    _drop_temps(con)
    try:
        con.execute(_NODES.format(nodes=nodes))
        (duplicates,) = _row(con, _DUPLICATES)
        if duplicates:
            raise ValueError(f"{nodes}: {duplicates} (graph_id, node_id) pairs occur twice")
        n_edges, bad_weights = _row(con, _CHECK.format(edges=edges))
        if bad_weights:
            raise ValueError(f"{edges}: {bad_weights} weights are not positive and finite")
        con.execute(_EDGES.format(edges=edges))
        (matched,) = _row(con, "SELECT count(*)::BIGINT FROM __pagerank_all_edges")
        if matched != n_edges:
            raise ValueError(f"{edges}: endpoints of {n_edges} edges match {matched} node pairs")
        con.execute("CREATE TEMP TABLE __pagerank_done (nid INTEGER, pr DOUBLE)")
        iterations = 0
        for lo, hi in con.execute(_BATCHES, {"batch": BATCH_NODES}).fetchall():
            con.execute(_BATCH_EDGES.format(lo=lo, hi=hi))
            con.execute(_START.format(lo=lo, hi=hi))
            iterations = max(iterations, _iterate(con, d, tol, max_iterations, tolerance))
            for table in ("edges", "rank_a", "rank_b"):
                con.execute(f"DROP TABLE IF EXISTS __pagerank_{table}")
        con.execute(_RESULT.format(result=result))
    except BaseException:
        # In an aborted transaction the clean-up fails too; the first error is the one to see.
        with contextlib.suppress(duckdb.Error):
            _drop_temps(con)
        raise
    _drop_temps(con)
    return iterations


def _iterate(
    con: duckdb.DuckDBPyConnection, d: str, tol: str, max_iterations: int, tolerance: float
) -> int:
    """Step every graph of the batch in rank_a until each is frozen in done; return steps."""
    (stored,) = _row(con, "SELECT count(*)::BIGINT FROM __pagerank_edges")
    (active,) = _row(con, "SELECT count(DISTINCT gid)::BIGINT FROM __pagerank_rank_a")
    old, new = "__pagerank_rank_a", "__pagerank_rank_b"
    iterations = 0
    while active:
        if iterations == max_iterations:
            raise RuntimeError(
                f"PageRank of {active} graphs did not reach an L1 change below {tolerance}"
                f" within {max_iterations} iterations"
            )
        iterations += 1
        con.execute(_STEP.format(new=new, old=old, d=d))
        row = con.execute(_CONVERGED.format(new=new, tol=tol)).fetchone()
        if row and row[0]:
            for statement in _FREEZE:
                con.execute(statement.format(new=new), {"gids": row[0]})
            active -= len(row[0])
            (live,) = _row(con, "SELECT count(*)::BIGINT FROM __pagerank_edges")
            if 2 * live < stored:
                for statement in _COMPACT:
                    con.execute(statement)
                stored = live
        old, new = new, old
    return iterations


def _row(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    if row is None:
        raise RuntimeError(f"no row from {sql}")
    return tuple(int(v) for v in row)


def _drop_temps(con: duckdb.DuckDBPyConnection) -> None:
    for table in _TEMPS:
        con.execute(f"DROP TABLE IF EXISTS temp.main.__pagerank_{table}")
