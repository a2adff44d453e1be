-- influence_pagerank sums to 1 in every chat-week, and the top account has rank 1, score 100.
select
    chat, week_start, sum(influence_pagerank) as total,
    max(influence_score) as top_score, min(influence_rank) as top_rank,
    count(distinct influence_rank) as ranks, count(*) as accounts
from marts.account_week
group by all
having abs(sum(influence_pagerank) - 1) > 1e-9 or abs(max(influence_score) - 100) > 1e-9
    or min(influence_rank) <> 1 or count(distinct influence_rank) <> count(*)
