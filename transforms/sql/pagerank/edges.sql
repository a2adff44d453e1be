-- Normalised once: w = weight / total out-weight of the source.
CREATE TEMP TABLE __pagerank_all_edges AS
WITH e AS (
    SELECT s.gid, s.nid AS src, t.nid AS dst, e.weight
    FROM {{ edges }} AS e
    INNER JOIN __pagerank_nodes AS s
        ON s.graph_id IS NOT DISTINCT FROM e.graph_id AND e.source_id = s.node_id
    INNER JOIN __pagerank_nodes AS t
        ON t.graph_id IS NOT DISTINCT FROM e.graph_id AND e.target_id = t.node_id
)

SELECT gid, src, dst, weight / sum(weight) OVER (PARTITION BY src) AS w FROM e
