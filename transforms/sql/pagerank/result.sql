CREATE OR REPLACE TEMP TABLE {{ result }} AS
SELECT n.graph_id, n.node_id, d.pr AS pagerank
FROM __pagerank_done AS d INNER JOIN __pagerank_nodes AS n USING (nid)
ORDER BY n.nid
