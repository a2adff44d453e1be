-- marts.cohort_retention: its grain and key are those of schemas/dictionary/growth.py.
-- Participants are the cohort's accounts taking part weeks_since weeks later (weeks_since 0:
-- all of them). Rewritten whole on every build (scope "chat"): a new week adds a row to every
-- cohort, and a change of any week can move an account's first week.
with

context as (select * from build_context),

weeks as (select week_start, week_label from int_chat_weeks),

-- One row per account-week already: account_week's key.
participation as (
    select platform, account_id, week_start
    from marts.account_week, context
    where account_week.chat = context.chat and account_week.participated
),

firsts as (
    select platform, author_id as account_id, first_week as cohort_week_start
    from stg_first_weeks
),

sizes as (
    select cohort_week_start, count(*) as cohort_size from firsts
    group by all
),

active as (
    select firsts.cohort_week_start, participation.week_start, count(*) as participants,
    from participation
    inner join firsts using (platform, account_id)
    group by all
)

select
    context.chat,
    sizes.cohort_week_start,
    strftime(sizes.cohort_week_start, '%G-W%V') as cohort_week_label,
    ((weeks.week_start - sizes.cohort_week_start) // 7)::integer as weeks_since,
    weeks.week_start,
    weeks.week_label,
    sizes.cohort_size,
    coalesce(active.participants, 0) as participants,
    coalesce(active.participants, 0) / sizes.cohort_size as share,
from sizes
cross join context
inner join weeks on sizes.cohort_week_start <= weeks.week_start
left join active
    on sizes.cohort_week_start = active.cohort_week_start
        and weeks.week_start = active.week_start
