CREATE TEMP TABLE __pagerank_edges AS
SELECT * FROM __pagerank_all_edges
WHERE dst >= {{ lo }} AND dst < {{ hi }}
ORDER BY dst
