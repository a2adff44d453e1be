-- One row per chat post created in a week this build recomputes, with that week's bounds.
-- Key: (platform, post_id).
with

chat_posts as (select * from stg_chat_posts),

weeks as (select * from int_chat_weeks where is_dirty)

select
    chat_posts.*,
    weeks.week_end,
    weeks.week_label,
from chat_posts
join weeks using (week_start)
