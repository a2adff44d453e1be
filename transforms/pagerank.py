"""Weighted PageRank for many graphs at once, computed set-based inside DuckDB."""

from __future__ import annotations

import math
import re

import duckdb

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
_TEMPS = ("__pagerank_graphs", "__pagerank_nodes", "__pagerank_edges", "__pagerank_rank",
          "__pagerank_next", "__pagerank_done", "__pagerank_converged")

# Dense integer ids: the per-step join and group-by run on INTEGER keys, not VARCHAR.
_SETUP = """
CREATE TEMP TABLE __pagerank_graphs AS
  SELECT (row_number() OVER (ORDER BY graph_id) - 1)::INTEGER AS gid, graph_id, n
  FROM (SELECT graph_id, count(*)::DOUBLE AS n FROM {nodes} GROUP BY graph_id);
CREATE TEMP TABLE __pagerank_nodes AS
  SELECT (row_number() OVER (ORDER BY g.gid, x.node_id) - 1)::INTEGER AS nid, g.gid, g.graph_id,
         x.node_id
  FROM {nodes} x JOIN __pagerank_graphs g ON g.graph_id IS NOT DISTINCT FROM x.graph_id;
CREATE TEMP TABLE __pagerank_edges AS
  WITH e AS (
    SELECT s.gid, s.nid AS src, t.nid AS dst, e.weight
    FROM {edges} e
    JOIN __pagerank_nodes s
      ON s.graph_id IS NOT DISTINCT FROM e.graph_id AND s.node_id = e.source_id
    JOIN __pagerank_nodes t
      ON t.graph_id IS NOT DISTINCT FROM e.graph_id AND t.node_id = e.target_id)
  SELECT gid, src, dst, weight / sum(weight) OVER (PARTITION BY src) AS w FROM e ORDER BY dst;
CREATE TEMP TABLE __pagerank_rank AS
  SELECT n.nid, n.gid, n.nid NOT IN (SELECT src FROM __pagerank_edges) AS dangling,
         1.0 / g.n AS pr
  FROM __pagerank_nodes n JOIN __pagerank_graphs g USING (gid);
CREATE TEMP TABLE __pagerank_done (nid INTEGER, pr DOUBLE);
"""

_CHECK = """
SELECT count(*) FILTER (WHERE s.nid IS NULL OR t.nid IS NULL),
       count(*) FILTER (WHERE NOT coalesce(e.weight > 0 AND isfinite(e.weight), false))
FROM {edges} e
LEFT JOIN __pagerank_nodes s
  ON s.graph_id IS NOT DISTINCT FROM e.graph_id AND s.node_id = e.source_id
LEFT JOIN __pagerank_nodes t
  ON t.graph_id IS NOT DISTINCT FROM e.graph_id AND t.node_id = e.target_id
"""

# One power-iteration step for every still-active graph; `delta` feeds the per-graph L1 test.
_STEP = """
CREATE TEMP TABLE __pagerank_next AS
WITH flow AS (
  SELECT e.dst AS nid, sum(e.w * r.pr) AS inflow
  FROM __pagerank_edges e JOIN __pagerank_rank r ON r.nid = e.src
  GROUP BY e.dst),
base AS (
  SELECT r.gid,
         ((1 - $d) + $d * coalesce(sum(r.pr) FILTER (WHERE r.dangling), 0)) / any_value(g.n) AS b
  FROM __pagerank_rank r JOIN __pagerank_graphs g USING (gid)
  GROUP BY r.gid)
SELECT r.nid, r.gid, r.dangling, b.b + $d * coalesce(f.inflow, 0) AS pr,
       abs(b.b + $d * coalesce(f.inflow, 0) - r.pr) AS delta
FROM __pagerank_rank r JOIN base b USING (gid) LEFT JOIN flow f USING (nid)
"""

# A converged graph is frozen: its ranks move to `done` and its edges leave the working set.
_FREEZE = """
CREATE TEMP TABLE __pagerank_converged AS
  SELECT gid FROM __pagerank_next GROUP BY gid HAVING sum(delta) < $tol;
INSERT INTO __pagerank_done
  SELECT nid, pr FROM __pagerank_next WHERE gid IN (SELECT gid FROM __pagerank_converged);
DELETE FROM __pagerank_next WHERE gid IN (SELECT gid FROM __pagerank_converged);
DELETE FROM __pagerank_edges WHERE gid IN (SELECT gid FROM __pagerank_converged);
DROP TABLE __pagerank_rank;
ALTER TABLE __pagerank_next RENAME TO __pagerank_rank;
DROP TABLE __pagerank_converged;
"""

_RESULT = """
CREATE OR REPLACE TEMP TABLE {result} AS
  SELECT n.graph_id, n.node_id, d.pr AS pagerank
  FROM __pagerank_done d JOIN __pagerank_nodes n USING (nid)
  ORDER BY n.gid, n.node_id
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
    """Create temp table `result` (graph_id, node_id, pagerank) for every graph at once; return iterations run."""  # noqa: E501
    for name in (nodes, edges):
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a table name: {name!r}")
    if not _NAME.fullmatch(result) or "." in result:
        raise ValueError(f"not a temp table name: {result!r}")
    if not 0.0 <= damping <= 1.0:
        raise ValueError(f"damping must be within [0, 1], got {damping}")

    _drop_temps(con)
    try:
        con.execute(_SETUP.format(nodes=nodes, edges=edges))
        dangling_edges, bad_weights = con.execute(_CHECK.format(edges=edges)).fetchone()
        if dangling_edges or bad_weights:
            raise ValueError(
                f"{edges}: {dangling_edges} edges with an endpoint missing from {nodes}, "
                f"{bad_weights} with a weight that is not positive and finite"
            )
        iterations = 0
        while _active_graphs(con):
            if iterations == max_iterations:
                raise RuntimeError(
                    f"PageRank of {_active_graphs(con)} graphs did not converge to L1 change "
                    f"< {tolerance} within {max_iterations} iterations"
                )
            iterations += 1
            con.execute(_STEP, {"d": damping})
            con.execute(_FREEZE, {"tol": tolerance})
        con.execute(_RESULT.format(result=result))
        return iterations
    finally:
        _drop_temps(con)


def _active_graphs(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(DISTINCT gid)::BIGINT FROM __pagerank_rank").fetchone()
    return int(row[0]) if row else 0


def _drop_temps(con: duckdb.DuckDBPyConnection) -> None:
    for table in _TEMPS:
        con.execute(f"DROP TABLE IF EXISTS temp.main.{table}")
