"""Weighted PageRank for many graphs at once, computed set-based inside DuckDB."""

from __future__ import annotations

import contextlib
import math
import re

import duckdb

from warehouse.sql import sql_query

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
_TEMPS = ("nodes", "all_edges", "edges", "kept", "rank_a", "rank_b", "done")
# DuckDB joins on a dense INTEGER key through a perfect hash table only while the key range stays
# under about 2^20; beyond it each step gets 3-9x slower per edge. Graphs are therefore iterated
# together in batches starting every BATCH_NODES ids, each spanning < BATCH_NODES + a graph's size.
BATCH_NODES = 1 << 19

_DUPLICATES = sql_query("transforms", "pagerank/duplicates")
_BATCHES = sql_query("transforms", "pagerank/batches")
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
        con.execute(_sql("nodes", nodes=nodes))
        (duplicates,) = _row(con, _DUPLICATES)
        if duplicates:
            raise ValueError(f"{nodes}: {duplicates} (graph_id, node_id) pairs occur twice")
        n_edges, bad_weights = _row(con, _sql("check", edges=edges))
        if bad_weights:
            raise ValueError(f"{edges}: {bad_weights} weights are not positive and finite")
        con.execute(_sql("edges", edges=edges))
        (matched,) = _row(con, "SELECT count(*)::BIGINT FROM __pagerank_all_edges")
        if matched != n_edges:
            raise ValueError(f"{edges}: endpoints of {n_edges} edges match {matched} node pairs")
        con.execute("CREATE TEMP TABLE __pagerank_done (nid INTEGER, pr DOUBLE)")
        iterations = 0
        for lo, hi in con.execute(_BATCHES, {"batch": BATCH_NODES}).fetchall():
            con.execute(_sql("batch_edges", lo=lo, hi=hi))
            con.execute(_sql("start", lo=lo, hi=hi))
            iterations = max(iterations, _iterate(con, d, tol, max_iterations, tolerance))
            for table in ("edges", "rank_a", "rank_b"):
                con.execute(f"DROP TABLE IF EXISTS __pagerank_{table}")
        con.execute(_sql("result", result=result))
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
        con.execute(_sql("step", new=new, old=old, d=d))
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
