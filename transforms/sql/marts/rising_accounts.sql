-- marts.rising_accounts: its grain and key are those of schemas/dictionary/growth.py.
-- Its mean influence_score over each window, a week without an account_week row counting 0,
-- and the gain. Rewritten for the weeks whose window holds a recomputed week (scope
-- "trailing").
with

context as (select * from build_context),

weeks as (select week_start, week_label from int_chat_weeks),

targets as (select week_start from int_trailing_weeks),

windows as (
    select
        targets.week_start, weeks.week_start as in_week,
        weeks.week_start > targets.week_start - 28 as is_recent,
    from targets
    inner join weeks on weeks.week_start between targets.week_start - 49 and targets.week_start
),

counts as (
    select
        week_start,
        count(*) filter (where is_recent) as recent_weeks,
        count(*) filter (where not is_recent) as earlier_weeks,
    from windows
    group by all
),

scores as (
    select
        windows.week_start, account_week.platform, account_week.account_id,
        sum(coalesce(account_week.influence_score, 0)) filter (where windows.is_recent)
            as recent_total,
        sum(coalesce(account_week.influence_score, 0)) filter (where not windows.is_recent)
            as earlier_total,
        count(*) filter (where account_week.participated and windows.is_recent)
            as recent_weeks_taken_part,
    from windows
    cross join context
    inner join marts.account_week
        on context.chat = account_week.chat and windows.in_week = account_week.week_start
    group by all
)

select
    context.chat,
    scores.week_start,
    weeks.week_label,
    scores.platform,
    scores.account_id,
    counts.recent_weeks,
    counts.earlier_weeks,
    coalesce(scores.recent_total, 0) / counts.recent_weeks as recent_mean_score,
    coalesce(scores.earlier_total, 0) / counts.earlier_weeks as earlier_mean_score,
    coalesce(scores.recent_total, 0) / counts.recent_weeks
    - coalesce(scores.earlier_total, 0) / counts.earlier_weeks as score_gain,
    scores.recent_weeks_taken_part,
from scores
cross join context
inner join counts using (week_start)
inner join weeks using (week_start)
where scores.recent_weeks_taken_part > 0 and counts.earlier_weeks > 0
