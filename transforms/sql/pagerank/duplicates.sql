SELECT count(*)::BIGINT
FROM (
    SELECT 1 FROM __pagerank_nodes
    GROUP BY gid, node_id
    HAVING count(*) > 1
) AS repeated
