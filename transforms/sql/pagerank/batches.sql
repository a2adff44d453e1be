SELECT min(lo)::BIGINT, max(hi)::BIGINT
FROM (
    SELECT min(nid) AS lo, max(nid) + 1 AS hi FROM __pagerank_nodes
    GROUP BY gid
) AS graphs
GROUP BY graphs.lo // $batch
ORDER BY min(graphs.lo)
