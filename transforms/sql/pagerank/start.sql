CREATE TEMP TABLE __pagerank_rank_a AS
SELECT
    nid, gid, 1.0 / count(*) OVER (PARTITION BY gid) AS inv_n,
    nid NOT IN (SELECT src FROM __pagerank_edges) AS dangling,
    1.0 / count(*) OVER (PARTITION BY gid) AS pr
FROM __pagerank_nodes
WHERE nid >= {{ lo }} AND nid < {{ hi }}
