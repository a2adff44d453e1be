-- followers_end of each recomputed account-week and of the calendar week before it: the
-- latest snapshot captured from the week's start (inclusive) to its end (exclusive), NULL
-- when there is none. Key: (week_start, platform, account_id).
-- Each account's snapshots are reduced to the latest one per week, then looked up.
with

context as (select * from build_context),

account_weeks as (select * from int_account_week_rows),

bounds as (
    select
        local_midnight(min(week_start) - 7, (select timezone from context)) as low,
        local_midnight(max(week_start) + 7, (select timezone from context)) as high,
    from account_weeks
),

weekly as (
    select
        follower_snapshots.platform, follower_snapshots.account_id,
        chat_week_start(follower_snapshots.captured_at, context.timezone) as week_start,
        arg_max(follower_snapshots.followers_count, follower_snapshots.captured_at)
            as followers_end,
    from core.follower_snapshots
    cross join context
    semi join (select distinct platform, account_id from account_weeks) as accounts
        using (platform, account_id)
    where follower_snapshots.captured_at >= (select low from bounds)
        and follower_snapshots.captured_at < (select high from bounds)
    group by all
)

select
    account_weeks.week_start,
    account_weeks.platform,
    account_weeks.account_id,
    this_week.followers_end,
    previous_week.followers_end as previous_followers_end,
from account_weeks
left join weekly as this_week
    on account_weeks.platform = this_week.platform
        and account_weeks.account_id = this_week.account_id
        and account_weeks.week_start = this_week.week_start
left join weekly as previous_week
    on account_weeks.platform = previous_week.platform
        and account_weeks.account_id = previous_week.account_id
        and previous_week.week_start = account_weeks.week_start - 7
