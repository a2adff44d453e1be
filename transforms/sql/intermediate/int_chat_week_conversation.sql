-- Conversation health of each recomputed chat-week (newcomer care is chat_week_newcomers.sql,
-- which also rewrites the week before each). Key: week_start.
--   interacting pairs: unordered pairs of accounts with an interaction either way; reciprocal
--   when both directions occur.
--   conversational posts: non-repost chat posts that are replies or mention another account.
--   participation_gini: Gini coefficient of chat posts (all kinds) per participant.
with

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

week_posts as (select * from int_week_posts),

interactions as (select * from int_interactions),

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
    coalesce(reciprocity.interacting_pairs, 0) as interacting_pairs,
    reciprocity.reciprocal_pairs / nullif(reciprocity.interacting_pairs, 0) as reciprocity_rate,
    conversation.conversational_posts / nullif(conversation.non_repost_posts, 0)
        as conversational_share,
    gini.participation_gini,
from weeks
left join reciprocity using (week_start)
left join conversation using (week_start)
left join gini using (week_start)
