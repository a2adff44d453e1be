-- marts.chat_week: its grain and key are those of schemas/dictionary/weekly.py.
-- Written for the recomputed weeks; first weeks are read from stg_first_weeks, since
-- new_participants looks beyond the week, and every other count from the recomputed weeks and
-- the week before each (retention_rate). The organic view and conversation health come from
-- their intermediate models; newcomer care is set after it (chat_week_newcomers.sql), for the
-- week before each recomputed one too, since whether its newcomers came back reads this week.
with

context as (select * from build_context),

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

chat_posts as (select * from stg_chat_posts),

week_posts as (select * from int_week_posts),

organic as (select * from int_chat_week_organic),

conversation as (select * from int_chat_week_conversation),

-- The recomputed weeks and the week before each.
counted_weeks as (
    select week_start from weeks
    union
    select week_start - 7 from weeks
),

account_weeks as (
    select account_week.*
    from marts.account_week, context
    where account_week.chat = context.chat
        and account_week.week_start in (select week_start from weeks)
),

counted_participants as (
    select distinct week_start, platform, author_id from chat_posts
    semi join counted_weeks using (week_start)
),

contributors as (
    select distinct week_start, platform, author_id from chat_posts
    where kind <> 'repost' and week_start in (select week_start from weeks)
),

first_weeks as (select * from stg_first_weeks),

participation as (
    select
        participants.week_start,
        count(*) as participants,
        count(*) filter (where first_weeks.first_week = participants.week_start)
            as new_participants,
    from counted_participants as participants
    inner join first_weeks using (platform, author_id)
    group by all
),

contribution as (
    select week_start, count(*) as contributors from contributors
    group by all
),

retained as (
    select this_week.week_start, count(*) as retained,
    from counted_participants as this_week
    inner join counted_participants as previous_week
        on previous_week.week_start = this_week.week_start - 7
            and this_week.platform = previous_week.platform
            and this_week.author_id = previous_week.author_id
    group by all
),

kinds as (
    select
        week_start,
        count(*) filter (where kind <> 'repost') as posts,
        count(*) filter (where kind = 'repost') as reposts,
        count(*) filter (where kind = 'reply') as replies,
        count(*) filter (where kind = 'quote') as quotes,
    from chat_posts
    where week_start in (select week_start from weeks)
    group by all
),

platform_views as (
    select
        week_start, platform,
        sum(view_count) as views,
        count(view_count) as posts_with_views,
    from week_posts
    where kind <> 'repost'
    group by all
),

viewed as (
    select
        week_start,
        sum(views) as views,
        sum(posts_with_views) as posts_with_views,
        list(platform order by platform) filter (where posts_with_views = 0)
            as platforms_without_views,
    from platform_views
    group by all
),

account_totals as (
    select
        week_start,
        sum(impressions) as impressions,
        sum(followers_at_week_end) filter (where participated) as reach,
        sum(engagements_received) as engagements,
        count(*) filter (where not has_follower_data) as accounts_without_follower_data,
    from account_weeks
    group by all
),

final as (
    select
        context.chat,
        weeks.week_start,
        weeks.week_end,
        weeks.week_label,
        coalesce(participation.participants, 0) as participants,
        coalesce(contribution.contributors, 0) as contributors,
        coalesce(participation.new_participants, 0) as new_participants,
        coalesce(participation.participants, 0) - coalesce(participation.new_participants, 0)
            as returning_participants,
        case when coalesce(previous.participants, 0) > 0
                then coalesce(retained.retained, 0) / previous.participants
        end as retention_rate,
        coalesce(kinds.posts, 0) as posts,
        coalesce(kinds.reposts, 0) as reposts,
        coalesce(kinds.replies, 0) as replies,
        coalesce(kinds.quotes, 0) as quotes,
        viewed.views,
        coalesce(viewed.posts_with_views, 0) as posts_with_views,
        coalesce(viewed.platforms_without_views, []::varchar[]) as platforms_without_views,
        coalesce(account_totals.impressions, 0) as impressions,
        coalesce(account_totals.reach, 0) as reach,
        coalesce(account_totals.engagements, 0) as engagements,
        coalesce(account_totals.accounts_without_follower_data, 0)
            as accounts_without_follower_data,
        organic.* exclude (week_start),
        conversation.* exclude (week_start),
    from weeks
    cross join context
    left join participation using (week_start)
    left join contribution using (week_start)
    left join retained using (week_start)
    left join kinds using (week_start)
    left join viewed using (week_start)
    left join account_totals using (week_start)
    left join participation as previous on previous.week_start = weeks.week_start - 7
    left join organic using (week_start)
    left join conversation using (week_start)
)

select
    chat,
    week_start,
    week_end,
    week_label,
    participants,
    contributors,
    new_participants,
    returning_participants,
    retention_rate,
    posts,
    reposts,
    replies,
    quotes,
    impressions,
    views,
    posts_with_views,
    platforms_without_views,
    reach,
    engagements,
    accounts_without_follower_data,
    organic_participants,
    organic_new_participants,
    organic_posts,
    organic_impressions,
    organic_reach,
    organic_engagements,
    interacting_pairs,
    reciprocity_rate,
    conversational_share,
    participation_gini,
from final
