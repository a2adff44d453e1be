-- marts.account_week: its grain and key are those of schemas/dictionary/weekly.py.
-- Written for the recomputed weeks only.
-- Surprising on purpose: mentions_received counts posts, not mention interactions, so a reply
-- that mentions the account it answers counts here although it yields only a reply.
with

context as (select * from build_context),

account_weeks as (select * from int_account_week_rows),

posts as (select * from int_week_posts),

interactions as (select * from int_interactions),

amplifiers as (select * from int_amplifiers),

followers_at as (select * from int_followers_at),

followers_end as (select * from int_followers_end),

authored as (
    select
        posts.week_start,
        posts.platform,
        posts.author_id as account_id,
        count(*) filter (where posts.kind <> 'repost') as posts,
        count(*) filter (where posts.kind = 'repost') as reposts,
        coalesce(sum(posts.like_count) filter (where posts.kind <> 'repost'), 0) as likes_received,
        sum(followers_at.followers) as impressions,
        sum(posts.view_count) filter (where posts.kind <> 'repost') as views,
        count(posts.view_count) filter (where posts.kind <> 'repost') as posts_with_views,
    from posts
    inner join followers_at
        on posts.platform = followers_at.platform
            and posts.author_id = followers_at.account_id
            and posts.created_at = followers_at.at
    group by all
),

received as (
    select
        week_start,
        platform,
        target_id as account_id,
        count(*) filter (where interaction = 'reply') as replies_received,
        count(*) filter (where interaction = 'repost') as reposts_received,
        count(*) filter (where interaction = 'quote') as quotes_received,
    from interactions
    group by all
),

mentions as (
    select week_start, platform, post_id, author_id, unnest(mention_ids) as account_id,
    from posts
    where kind <> 'repost'
),

mentioned as (
    select week_start, platform, account_id, count(distinct post_id) as mentions_received,
    from mentions
    where account_id <> author_id
    group by all
),

amplified as (
    select
        amplifiers.week_start,
        amplifiers.platform,
        amplifiers.account_id,
        sum(followers_at.followers) as amplified_audience,
    from amplifiers
    inner join followers_at
        on amplifiers.platform = followers_at.platform
            and amplifiers.amplifier_id = followers_at.account_id
            and amplifiers.first_amplified_at = followers_at.at
    group by all
),

final as (
    select
        context.chat,
        account_weeks.week_start,
        account_weeks.week_label,
        account_weeks.platform,
        account_weeks.account_id,
        authored.account_id is not null as participated,
        coalesce(authored.posts, 0) as posts,
        coalesce(authored.reposts, 0) as reposts,
        coalesce(received.replies_received, 0) as replies_received,
        coalesce(received.reposts_received, 0) as reposts_received,
        coalesce(received.quotes_received, 0) as quotes_received,
        coalesce(mentioned.mentions_received, 0) as mentions_received,
        coalesce(authored.likes_received, 0) as likes_received,
        coalesce(received.replies_received, 0) + coalesce(received.reposts_received, 0)
        + coalesce(received.quotes_received, 0) + coalesce(authored.likes_received, 0)
            as engagements_received,
        followers_end.followers_end,
        followers_end.followers_end - followers_end.previous_followers_end as follower_change,
        coalesce(authored.impressions, 0) as impressions,
        authored.views,
        coalesce(authored.posts_with_views, 0) as posts_with_views,
        coalesce(amplified.amplified_audience, 0) as amplified_audience,
        at_week_end.followers as followers_at_week_end,
        at_week_end.followers + coalesce(amplified.amplified_audience, 0) as reach,
        at_week_end.has_follower_data,
    from account_weeks
    cross join context
    left join authored using (week_start, platform, account_id)
    left join received using (week_start, platform, account_id)
    left join mentioned using (week_start, platform, account_id)
    left join amplified using (week_start, platform, account_id)
    left join followers_end using (week_start, platform, account_id)
    inner join followers_at as at_week_end
        on account_weeks.platform = at_week_end.platform
            and account_weeks.account_id = at_week_end.account_id
            and account_weeks.week_end = at_week_end.at
)

select
    chat,
    week_start,
    week_label,
    platform,
    account_id,
    participated,
    posts,
    reposts,
    replies_received,
    reposts_received,
    quotes_received,
    mentions_received,
    likes_received,
    engagements_received,
    followers_end,
    follower_change,
    impressions,
    views,
    posts_with_views,
    amplified_audience,
    followers_at_week_end,
    reach,
    has_follower_data,
from final
