-- marts.account_growth: its grain and key are those of schemas/dictionary/growth.py.
-- Written for the recomputed weeks and the rows stg_growth_changes names (scope "growth"): a
-- first participation in any week adds the account's rows in every week, and a snapshot moves
-- the rows of its week and the next.
-- followers_end of a week is its latest snapshot, so each member's snapshots are reduced to
-- one per week first; the rows come from pairs of consecutive weeks that both have one.
with

context as (select * from build_context),

chat_posts as (select * from stg_chat_posts),

weeks as (select * from int_chat_weeks),

changed as (select * from stg_growth_changes),

members as (select platform, author_id as account_id from stg_first_weeks),

changed_accounts as (
    select distinct platform, account_id from changed
    where week_start is null
),

changed_weeks as (
    select distinct platform, account_id, week_start from changed
    where week_start is not null
),

-- The snapshots that can matter: from the week before the first week written to the end of
-- the last, and every snapshot of an account whose membership changed (its every week is
-- written). Only those rows are reduced to weeks: the time zone arithmetic of every snapshot
-- of the year is most of the step's cost when a few weeks are written.
reach as (
    select
        local_midnight(
            least(
                (
                    select min(week_start) from weeks
                    where is_dirty
                ),
                (select min(week_start) from changed_weeks)
            ) - 7,
            context.timezone
        ) as first_instant,
        local_midnight(
            greatest(
                (
                    select max(week_start) from weeks
                    where is_dirty
                ),
                (select max(week_start) from changed_weeks)
            ) + 7,
            context.timezone
        ) as end_instant,
    from context
),

member_snapshots as (
    select follower_snapshots.*,
    from core.follower_snapshots
    semi join members using (platform, account_id)
    where follower_snapshots.captured_at >= (select first_instant from reach)
        and follower_snapshots.captured_at < (select end_instant from reach)
    union all
    select follower_snapshots.*,
    from core.follower_snapshots
    semi join changed_accounts using (platform, account_id)
    semi join members using (platform, account_id)
    where (
        follower_snapshots.captured_at >= (select first_instant from reach)
        and follower_snapshots.captured_at < (select end_instant from reach)
    ) is not true
),

weekly as (
    select
        member_snapshots.platform, member_snapshots.account_id,
        chat_week_start(member_snapshots.captured_at, context.timezone) as week_start,
        arg_max(member_snapshots.followers_count, member_snapshots.captured_at)
            as followers_end,
    from member_snapshots
    cross join context
    group by all
),

both_weeks as (
    select
        this_week.week_start, weeks.week_label, this_week.platform, this_week.account_id,
        this_week.followers_end, previous_week.followers_end as previous_followers_end,
    from weekly as this_week
    inner join weekly as previous_week
        on this_week.platform = previous_week.platform
            and this_week.account_id = previous_week.account_id
            and previous_week.week_start = this_week.week_start - 7
    inner join weeks on this_week.week_start = weeks.week_start
    left join changed_accounts
        on this_week.platform = changed_accounts.platform
            and this_week.account_id = changed_accounts.account_id
    left join changed_weeks
        on this_week.platform = changed_weeks.platform
            and this_week.account_id = changed_weeks.account_id
            and this_week.week_start = changed_weeks.week_start
    where weeks.is_dirty
        or changed_accounts.account_id is not null
        or changed_weeks.account_id is not null
),

-- Who took part in a week, among the rows written only.
participants as (
    select distinct chat_posts.week_start, chat_posts.platform, chat_posts.author_id as account_id
    from chat_posts
    semi join both_weeks
        on chat_posts.week_start = both_weeks.week_start
            and chat_posts.platform = both_weeks.platform
            and chat_posts.author_id = both_weeks.account_id
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
