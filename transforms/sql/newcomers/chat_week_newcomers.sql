-- chat_week's newcomer care, for every recomputed week and the week before each: a newcomer
-- of a week (its first chat week, stg_first_weeks) is acknowledged when another account
-- replied to, reposted, quoted or mentioned it that week (account_week's received counts),
-- and returned when it took part the next week. The week before a recomputed week keeps all
-- else it holds: only whether its newcomers came back reads the recomputed week.
with

context as (select * from build_context),

recomputed as (
    select week_start from int_chat_weeks
    where is_dirty
    union
    select week_start from stg_dirty_weeks
),

weeks as (
    select chat_weeks.week_start from int_chat_weeks as chat_weeks
    where chat_weeks.week_start in (select recomputed.week_start from recomputed)
        or chat_weeks.week_start + 7 in (select recomputed.week_start from recomputed)
),

newcomers as (
    select
        account_week.week_start,
        account_week.replies_received + account_week.reposts_received
        + account_week.quotes_received + account_week.mentions_received > 0 as is_acknowledged,
        exists(
            select 1 from stg_chat_posts as next_week
            where next_week.week_start = account_week.week_start + 7
                and next_week.platform = account_week.platform
                and next_week.author_id = account_week.account_id
        ) as has_returned,
    from marts.account_week
    inner join stg_first_weeks as first_weeks
        on account_week.platform = first_weeks.platform
            and account_week.account_id = first_weeks.author_id
            and account_week.week_start = first_weeks.first_week
    where account_week.chat = (select context.chat from context)
        and account_week.participated
        and account_week.week_start in (select weeks.week_start from weeks)
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

rows as (
    select
        weeks.week_start,
        coalesce(care.newcomers_acknowledged, 0) as newcomers_acknowledged,
        care.newcomers_acknowledged / nullif(care.newcomers, 0) as newcomer_care_rate,
        coalesce(care.acknowledged_returned, 0) as acknowledged_newcomers_returned,
        coalesce(care.unacknowledged_returned, 0) as unacknowledged_newcomers_returned,
        care.acknowledged_returned / nullif(care.newcomers_acknowledged, 0)
            as acknowledged_return_rate,
        care.unacknowledged_returned / nullif(care.newcomers - care.newcomers_acknowledged, 0)
            as unacknowledged_return_rate,
    from weeks
    left join care using (week_start)
)

update marts.chat_week
set
    newcomers_acknowledged = rows.newcomers_acknowledged,
    newcomer_care_rate = rows.newcomer_care_rate,
    acknowledged_newcomers_returned = rows.acknowledged_newcomers_returned,
    unacknowledged_newcomers_returned = rows.unacknowledged_newcomers_returned,
    acknowledged_return_rate = rows.acknowledged_return_rate,
    unacknowledged_return_rate = rows.unacknowledged_return_rate
from rows
where chat_week.chat = (select context.chat from context)
    and chat_week.week_start = rows.week_start
