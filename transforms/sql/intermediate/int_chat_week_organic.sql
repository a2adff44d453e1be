-- The headline numbers of each recomputed chat-week without the chat's hosts and sponsors
-- (the organic view). Key: week_start. Only first weeks look beyond the recomputed weeks.
with

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

chat_posts as (select * from stg_chat_posts),

host_accounts as (select * from stg_host_accounts),

context as (select * from build_context),

account_weeks as (
    select account_week.*
    from marts.account_week, context
    where account_week.chat = context.chat
        and account_week.week_start in (select week_start from weeks)
),

community_posts as (
    select chat_posts.*
    from chat_posts
    anti join host_accounts
        on chat_posts.platform = host_accounts.platform
            and chat_posts.author_id = host_accounts.account_id
    where chat_posts.week_start in (select week_start from weeks)
),

first_weeks as (select * from stg_first_weeks),

participation as (
    select
        participants.week_start,
        count(*) as organic_participants,
        count(*) filter (where first_weeks.first_week = participants.week_start)
            as organic_new_participants,
    from (select distinct week_start, platform, author_id from community_posts) as participants
    inner join first_weeks using (platform, author_id)
    group by all
),

posts as (
    select week_start, count(*) filter (where kind <> 'repost') as organic_posts,
    from community_posts
    group by all
),

account_totals as (
    select
        account_weeks.week_start,
        sum(account_weeks.impressions) as organic_impressions,
        sum(account_weeks.followers_at_week_end) filter (where account_weeks.participated)
            as organic_reach,
        sum(account_weeks.engagements_received) as organic_engagements,
    from account_weeks
    anti join host_accounts using (platform, account_id)
    group by all
)

select
    weeks.week_start,
    coalesce(participation.organic_participants, 0) as organic_participants,
    coalesce(participation.organic_new_participants, 0) as organic_new_participants,
    coalesce(posts.organic_posts, 0) as organic_posts,
    coalesce(account_totals.organic_impressions, 0) as organic_impressions,
    coalesce(account_totals.organic_reach, 0) as organic_reach,
    coalesce(account_totals.organic_engagements, 0) as organic_engagements,
from weeks
left join participation using (week_start)
left join posts using (week_start)
left join account_totals using (week_start)
