-- marts.chat_lift: its grain and key are those of schemas/dictionary/growth.py.
-- Written for the weeks of int_lift_weeks (scope "lift"): those whose window holds a rewritten
-- account_growth row. The 95% interval of the median is the j-th and k-th of the sorted lifts
-- (order statistics, no assumption about their spread), j = max(1, floor(n/2 - 0.98 sqrt n)),
-- k = min(n, ceil(1 + n/2 + 0.98 sqrt n)), n >= 20.
with

context as (select * from build_context),

weeks as (
    select int_chat_weeks.*
    from int_chat_weeks
    semi join int_lift_weeks using (week_start)
),

growth as (
    select account_growth.*
    from marts.account_growth, context
    where account_growth.chat = context.chat and account_growth.growth_rate is not null
        and account_growth.week_start >= (select min(week_start) - 7 * 11 from weeks)
),

windowed as (
    select weeks.week_start as window_week, growth.*
    from weeks
    inner join growth
        on growth.week_start between weeks.week_start - 7 * 11 and weeks.week_start
),

per_account as (
    select
        window_week, platform, account_id,
        avg(growth_rate) filter (where participated) as participating_growth,
        avg(growth_rate) filter (where not participated) as nonparticipating_growth,
    from windowed
    group by all
    having participating_growth is not null and nonparticipating_growth is not null
),

lifts as (
    select
        window_week as week_start,
        count(*) as accounts_compared,
        median(participating_growth - nonparticipating_growth) as lift_median,
        median(participating_growth) as participating_growth_median,
        median(nonparticipating_growth) as nonparticipating_growth_median,
        list_sort(list(participating_growth - nonparticipating_growth)) as sorted_lifts,
    from per_account
    group by all
),

intervals as (
    select
        week_start,
        case when accounts_compared >= 20 then sorted_lifts[
                    greatest(
                        1, floor(accounts_compared / 2 - 0.98 * sqrt(accounts_compared))
                    )::bigint
                ]
        end as lift_ci_low,
        case when accounts_compared >= 20 then sorted_lifts[
                    least(
                        accounts_compared,
                        ceil(1 + accounts_compared / 2 + 0.98 * sqrt(accounts_compared))
                    )::bigint
                ]
        end as lift_ci_high,
    from lifts
)

select
    context.chat,
    weeks.week_start,
    weeks.week_label,
    12 as window_weeks,
    coalesce(lifts.accounts_compared, 0) as accounts_compared,
    lifts.lift_median,
    lifts.participating_growth_median,
    lifts.nonparticipating_growth_median,
    intervals.lift_ci_low,
    intervals.lift_ci_high,
from weeks
cross join context
left join lifts using (week_start)
left join intervals using (week_start)
