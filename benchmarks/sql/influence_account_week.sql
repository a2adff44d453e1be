-- account_week rows of the benchmark's graph: followers from a hash, interactions counted.
insert into marts.account_week by name
with got as (
    select
        week_start, platform, target_id as account_id,
        count(*) filter (where interaction = 'repost') as reposts,
        count(*) filter (where interaction = 'mention') as mentions,
    from int_interactions
    group by all
)

select
    'bench' as chat, rows.week_start, rows.week_label, rows.platform, rows.account_id,
    true as participated, 0 as posts, 0 as reposts, 0 as replies_received,
    coalesce(got.reposts, 0) as reposts_received, 0 as quotes_received,
    coalesce(got.mentions, 0) as mentions_received, 0 as likes_received,
    0 as engagements_received, 0 as impressions, 0 as amplified_audience,
    hash(rows.account_id) % 100000 as followers_at_week_end, 0 as reach,
    true as has_follower_data,
from int_account_week_rows as rows
left join got using (week_start, platform, account_id)
