-- marts.account_growth: one row per chat-week and account that has taken part in the chat in
-- any week, for the weeks where its followers_end of this and the previous calendar week are
-- both known. Key: (chat, week_start, platform, account_id).
-- Written for the recomputed weeks and the rows stg_growth_changes names (scope "growth"): a
-- first participation in any week adds the account's rows in every week, and a snapshot moves
-- the rows of its week and the next.
with

context as (select * from build_context),

chat_posts as (select * from stg_chat_posts),

weeks as (select * from int_chat_weeks),

changed as (select * from stg_growth_changes),

participants as (
    select distinct week_start, platform, author_id as account_id from chat_posts
),

members as (select distinct platform, account_id from participants),

targets as (
    select weeks.week_start, weeks.week_label, members.platform, members.account_id,
    from weeks
    cross join members
    where weeks.is_dirty
    union all
    select distinct weeks.week_start, weeks.week_label, changed.platform, changed.account_id,
    from changed
    join weeks on changed.week_start is null or changed.week_start = weeks.week_start
    semi join members using (platform, account_id)
    where not weeks.is_dirty
),

windows as (
    select targets.*, which.which,
        local_midnight(targets.week_start - which.offset_days, context.timezone) as window_start,
        local_midnight(targets.week_start - which.offset_days + 7, context.timezone)
            as window_end,
    from targets
    cross join context
    cross join (values ('this', 0), ('previous', 7)) as which(which, offset_days)
),

-- Only snapshots inside some window can be a window's latest: those of the rewritten weeks.
snapshots as (
    select follower_snapshots.*
    from core.follower_snapshots
    semi join (select distinct platform, account_id from targets) as targeted
        using (platform, account_id)
    where follower_snapshots.captured_at >= (select min(window_start) from windows)
        and follower_snapshots.captured_at < (select max(window_end) from windows)
),

latest_in_window as (
    select windows.week_start, windows.week_label, windows.platform, windows.account_id,
        windows.which,
        case when snapshots.captured_at >= windows.window_start
            then snapshots.followers_count end as followers_end,
    from windows
    asof left join snapshots
        on windows.platform = snapshots.platform
        and windows.account_id = snapshots.account_id
        and windows.window_end > snapshots.captured_at
),

both_weeks as (
    select week_start, week_label, platform, account_id,
        max(followers_end) filter (where which = 'this') as followers_end,
        max(followers_end) filter (where which = 'previous') as previous_followers_end,
    from latest_in_window
    group by all
    having followers_end is not null and previous_followers_end is not null
)

select
    context.chat,
    both_weeks.week_start,
    both_weeks.week_label,
    both_weeks.platform,
    both_weeks.account_id,
    both_weeks.followers_end,
    both_weeks.previous_followers_end,
    both_weeks.followers_end - both_weeks.previous_followers_end as follower_change,
    (both_weeks.followers_end - both_weeks.previous_followers_end)
        / nullif(both_weeks.previous_followers_end, 0) as growth_rate,
    participants.account_id is not null as participated,
from both_weeks
cross join context
left join participants using (week_start, platform, account_id)
