-- One row per week of the chat: every week from its first week with a chat post to its last,
-- with no gaps. Key: week_start. is_dirty marks the weeks this build recomputes; a week in
-- range that has no chat_week row yet (a new gap week) is built too.
with

context as (select * from build_context),

chat_posts as (select * from stg_chat_posts),

dirty_weeks as (select * from stg_dirty_weeks),

bounds as (
    select min(week_start) as first_week, max(week_start) as last_week from chat_posts
),

weeks as (
    select
        cast(unnest(generate_series(first_week, last_week, interval 7 day)) as date) as week_start
    from bounds
    where first_week is not null
),

built as (
    select chat_week.week_start
    from marts.chat_week, context
    where chat_week.chat = context.chat
)

select
    weeks.week_start,
    chat_week_end(weeks.week_start, context.timezone) as week_end,
    strftime(weeks.week_start, '%G-W%V') as week_label,
    weeks.week_start in (select week_start from dirty_weeks)
    or weeks.week_start not in (select week_start from built) as is_dirty,
from weeks, context
