-- marts.chat_session: its grain and key are those of schemas/dictionary/conversation.py.
-- The session and who took part in it come from the week's questions and chat posts.
with

context as (select * from build_context),

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

questions as (select * from int_questions),

week_posts as (select * from int_week_posts),

first_weeks as (select * from stg_first_weeks),

asked as (
    select
        week_start,
        count(*) as questions,
        min(created_at) as first_question,
        max(created_at) as last_question,
    from questions
    group by all
),

windows as (
    select
        weeks.week_start,
        weeks.week_label,
        coalesce(asked.questions, 0) as questions,
        coalesce(asked.first_question, local_midnight(weeks.week_start, context.timezone))
            as session_start,
        coalesce(asked.last_question + interval 60 minute, weeks.week_end) as session_end,
    from weeks
    cross join context
    left join asked using (week_start)
),

in_session as (
    select
        windows.week_start,
        posts.platform,
        posts.author_id,
        posts.kind,
        first_weeks.first_week = windows.week_start as is_newcomer,
    from windows
    inner join week_posts as posts
        on windows.week_start = posts.week_start
            and windows.session_start <= posts.created_at
            and windows.session_end > posts.created_at
    inner join first_weeks using (platform, author_id)
),

totals as (
    select
        week_start,
        count(*) filter (where kind <> 'repost') as posts,
        count(distinct row(platform, author_id)) as participants,
        count(distinct row(platform, author_id)) filter (where is_newcomer) as new_participants,
    from in_session
    group by all
)

select
    context.chat,
    windows.week_start,
    windows.week_label,
    windows.session_start,
    windows.session_end,
    windows.questions,
    coalesce(totals.posts, 0) as posts,
    coalesce(totals.participants, 0) as participants,
    coalesce(totals.new_participants, 0) as new_participants,
from windows
cross join context
left join totals using (week_start)
