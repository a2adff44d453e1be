create or replace temp table gaming_ring_edges as
with reposts as (
    select week_start, platform, source_id, target_id, count(*) as n,
    from int_interactions
    where interaction = 'repost'
    group by all
)

select
    a.week_start, a.platform, a.source_id as account_id, a.target_id as partner,
    a.n as reposted, b.n as reposted_back,
from reposts as a
inner join reposts as b
    on a.week_start = b.week_start and a.platform = b.platform
        and a.target_id = b.source_id and a.source_id = b.target_id
where a.n >= $min_reposts and b.n >= $min_reposts
