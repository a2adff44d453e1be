-- How influence is spread among a week's participants, as chat_week columns (the community
-- page computed them). Rows built before hold NULL until their week is next recomputed.
alter table marts.chat_week add column scored_participants bigint;
alter table marts.chat_week add column median_influence_score double;
alter table marts.chat_week add column top_tenth_pagerank_share double;
