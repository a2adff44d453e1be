-- followers_end of each recomputed account-week and of the calendar week before it: the
-- latest snapshot captured from the week's start (inclusive) to its end (exclusive), NULL
-- when there is none. Key: (week_start, platform, account_id).
with

context as (select * from build_context),

account_weeks as (select * from int_account_week_rows),

windows as (
    select account_weeks.*, 'this' as which,
        local_midnight(account_weeks.week_start, context.timezone) as window_start,
        account_weeks.week_end as window_end,
    from account_weeks, context
    union all
    select account_weeks.*, 'previous' as which,
        local_midnight(account_weeks.week_start - 7, context.timezone) as window_start,
        local_midnight(account_weeks.week_start, context.timezone) as window_end,
    from account_weeks, context
),

-- Only snapshots inside some window can be a window's latest: those of the recomputed weeks.
snapshots as (
    select follower_snapshots.*
    from core.follower_snapshots
    semi join (select distinct platform, account_id from account_weeks) accounts
        using (platform, account_id)
    where follower_snapshots.captured_at >= (select min(window_start) from windows)
        and follower_snapshots.captured_at < (select max(window_end) from windows)
),

latest_in_window as (
    select windows.week_start, windows.platform, windows.account_id, windows.which,
        case when snapshots.captured_at >= windows.window_start
            then snapshots.followers_count end as followers_end,
    from windows
    asof left join snapshots
        on windows.platform = snapshots.platform
        and windows.account_id = snapshots.account_id
        and windows.window_end > snapshots.captured_at
)

select
    week_start,
    platform,
    account_id,
    max(followers_end) filter (where which = 'this') as followers_end,
    max(followers_end) filter (where which = 'previous') as previous_followers_end,
from latest_in_window
group by all
