-- Dense integer ids: the per-step join and group-by then run on INTEGER keys, not VARCHAR.
-- nid is contiguous per graph, ordered by graph and node.
CREATE TEMP TABLE __pagerank_nodes AS
SELECT (row_number() OVER (ORDER BY x.gid, x.node_id) - 1)::INTEGER AS nid, x.*
FROM (
    SELECT dense_rank() OVER (ORDER BY graph_id)::INTEGER - 1 AS gid, graph_id, node_id
    FROM {{ nodes }}
) AS x
