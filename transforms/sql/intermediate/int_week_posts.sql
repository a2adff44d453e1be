-- One row per chat post created in a week this build recomputes, with that week's bounds.
-- Key: (platform, post_id). Only the posts created near the recomputed weeks are read
-- (a week either side covers any time zone).
with

chat_posts as (select * from stg_chat_posts),

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

wanted as (
    select
        chat_posts.platform, chat_posts.post_id, chat_posts.week_start,
        weeks.week_end, weeks.week_label,
    from chat_posts
    inner join weeks using (week_start)
),

bounds as (
    select (min(week_start) - 7)::timestamptz as low, (max(week_start) + 14)::timestamptz as high,
    from wanted
),

posts as (
    select core_posts.*
    from core.posts as core_posts
    where core_posts.created_at >= (select low from bounds)
        and core_posts.created_at < (select high from bounds)
)

select posts.*, wanted.week_start, wanted.week_end, wanted.week_label,
from wanted
inner join posts using (platform, post_id)
