-- One row per (recomputed week, amplified account, other account that reposted or quoted it
-- in a chat post of the week), with that account's first such repost or quote.
-- Key: (week_start, platform, account_id, amplifier_id).
with

posts as (select * from int_week_posts)

select
    week_start,
    platform,
    referenced_account_id as account_id,
    author_id as amplifier_id,
    min(created_at) as first_amplified_at,
from posts
where kind in ('repost', 'quote') and referenced_account_id <> author_id
group by all
