-- One power-iteration step for every still-active graph; `delta` feeds the per-graph L1
-- test. Dangling rank goes back to all nodes of the graph, like the teleport share.
CREATE OR REPLACE TEMP TABLE {{ new }} AS
WITH flow AS (
    SELECT e.dst AS nid, sum(e.w * r.pr) AS inflow
    FROM __pagerank_edges AS e INNER JOIN {{ old }} AS r ON e.src = r.nid
    GROUP BY e.dst
),

base AS (
    SELECT
        gid,
        any_value(inv_n)
        * ((1 - {{ d }}) + {{ d }} * coalesce(sum(pr) FILTER (WHERE dangling), 0)) AS b
    FROM {{ old }}
    GROUP BY gid
)

SELECT
    r.nid, r.gid, r.inv_n, r.dangling, b.b + {{ d }} * coalesce(f.inflow, 0) AS pr,
    abs(b.b + {{ d }} * coalesce(f.inflow, 0) - r.pr) AS delta
FROM {{ old }} AS r INNER JOIN base AS b USING (gid) LEFT JOIN flow AS f USING (nid)
