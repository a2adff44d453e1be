-- Newcomer care and conversation health of each recomputed chat-week. Key: week_start.
--   newcomers: the week's new participants; acknowledged when another account replied to,
--   reposted, quoted or mentioned them that week; returned when they take part the next week.
--   interacting pairs: unordered pairs of accounts with an interaction either way; reciprocal
--   when both directions occur.
--   conversational posts: non-repost chat posts that are replies or mention another account.
--   participation_gini: Gini coefficient of chat posts (all kinds) per participant.
with

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

chat_posts as (select * from stg_chat_posts),

week_posts as (select * from int_week_posts),

interactions as (select * from int_interactions),

-- Who took part in a recomputed week or the week after it (has_returned).
participants as (
    select distinct week_start, platform, author_id as account_id from chat_posts
    where week_start in (select week_start from weeks)
        or week_start - 7 in (select week_start from weeks)
),

first_weeks as (
    select platform, author_id as account_id, first_week from stg_first_weeks
),

newcomers as (
    select
        participants.week_start, participants.platform, participants.account_id,
        exists(
            select 1 from interactions
            where interactions.week_start = participants.week_start
                and interactions.platform = participants.platform
                and interactions.target_id = participants.account_id
        ) as is_acknowledged,
        exists(
            select 1 from participants as next_week
            where next_week.week_start = participants.week_start + 7
                and next_week.platform = participants.platform
                and next_week.account_id = participants.account_id
        ) as has_returned,
    from participants
    inner join first_weeks using (platform, account_id)
    where participants.week_start = first_weeks.first_week
        and participants.week_start in (select week_start from weeks)
),

care as (
    select
        week_start,
        count(*) as newcomers,
        count(*) filter (where is_acknowledged) as newcomers_acknowledged,
        count(*) filter (where is_acknowledged and has_returned) as acknowledged_returned,
        count(*) filter (where not is_acknowledged and has_returned) as unacknowledged_returned,
    from newcomers
    group by all
),

directed as (
    select distinct week_start, platform, source_id, target_id from interactions
),

pairs as (
    select
        week_start, platform,
        least(source_id, target_id) as first_id,
        greatest(source_id, target_id) as second_id,
        count(*) as directions,
    from directed
    group by all
),

reciprocity as (
    select
        week_start, count(*) as interacting_pairs,
        count(*) filter (where directions = 2) as reciprocal_pairs,
    from pairs
    group by all
),

conversation as (
    select
        week_start,
        count(*) as non_repost_posts,
        count(*) filter (
            where kind = 'reply' or len(list_filter(mention_ids, lambda m: m <> author_id)) > 0
        ) as conversational_posts,
    from week_posts
    where kind <> 'repost'
    group by all
),

posts_per_participant as (
    select week_start, platform, author_id, count(*) as post_count,
    from week_posts
    group by all
),

ranked as (
    select
        week_start, post_count,
        row_number() over (partition by week_start order by post_count) as position,
        count(*) over (partition by week_start) as participant_count,
        sum(post_count) over (partition by week_start) as total_posts,
    from posts_per_participant
),

gini as (
    select
        week_start,
        2.0 * sum(position * post_count) / (any_value(participant_count) * any_value(total_posts))
        - (any_value(participant_count) + 1.0) / any_value(participant_count)
            as participation_gini,
    from ranked
    group by all
)

select
    weeks.week_start,
    coalesce(care.newcomers_acknowledged, 0) as newcomers_acknowledged,
    care.newcomers_acknowledged / nullif(care.newcomers, 0) as newcomer_care_rate,
    coalesce(care.acknowledged_returned, 0) as acknowledged_newcomers_returned,
    coalesce(care.unacknowledged_returned, 0) as unacknowledged_newcomers_returned,
    care.acknowledged_returned / nullif(care.newcomers_acknowledged, 0) as acknowledged_return_rate,
    care.unacknowledged_returned / nullif(care.newcomers - care.newcomers_acknowledged, 0)
        as unacknowledged_return_rate,
    coalesce(reciprocity.interacting_pairs, 0) as interacting_pairs,
    reciprocity.reciprocal_pairs / nullif(reciprocity.interacting_pairs, 0) as reciprocity_rate,
    conversation.conversational_posts / nullif(conversation.non_repost_posts, 0)
        as conversational_share,
    gini.participation_gini,
from weeks
left join care using (week_start)
left join reciprocity using (week_start)
left join conversation using (week_start)
left join gini using (week_start)
