-- One row per week whose marts must be recomputed for the changes recorded since the chat's
-- last build. The rule (what a changed input can reach):
--   * a post (new, replaced or removed) changes its own week, before and after the change, and
--     the retention of the following week (whether the previous week's newcomers came back is
--     all it changes of the week before: chat_week_newcomers.sql rewrites that alone);
--   * when it moves its author's first participation week, new_participants changes in that
--     week as it was and as it is now;
--   * a follower snapshot captured (or removed) at t changes followers_at of its account from
--     t until its next snapshot, and, when no snapshot precedes t, every instant before t (the
--     fallback to the earliest snapshot after); so it reaches the weeks its account appears in
--     from t's week (or the week before, whose week_end is t, when t is the instant its week
--     starts) to the week after the next snapshot's (whose follower_change reads that week's
--     followers_end).
-- On a full build every week the chat has or had is recomputed. account_growth also rewrites
-- the rows stg_growth_changes.sql names, and chat_lift the windows that hold a rewritten row
-- (int_lift_weeks.sql).
with

context as (select * from build_context),

-- A full build recomputes every week anyway: the changes need no reading then.
changes as (
    select * from ops.changes
    where change_id > getvariable('since_change_id') and not getvariable('full_build')
),

chat_posts as (select * from stg_chat_posts),

old_account_weeks as (
    select
        account_week.platform, account_week.account_id, account_week.week_start,
        account_week.participated,
    from marts.account_week, context
    where account_week.chat = context.chat
),

changed_post_instants as (
    select platform, account_id, old_at as at from changes
    where record_kind = 'post' and old_at is not null
    union all
    select platform, account_id, new_at as at from changes
    where record_kind = 'post' and new_at is not null
),

post_weeks as (
    select distinct chat_week_start(changed_post_instants.at, context.timezone) as week_start
    from changed_post_instants, context
),

changed_authors as (
    select distinct platform, account_id from changes
    where record_kind = 'post'
),

first_weeks_now as (
    select
        first_weeks.platform, first_weeks.author_id as account_id,
        first_weeks.first_week as week_start,
    from stg_first_weeks as first_weeks
    inner join changed_authors
        on first_weeks.platform = changed_authors.platform
            and first_weeks.author_id = changed_authors.account_id
),

first_weeks_before as (
    select
        old_account_weeks.platform, old_account_weeks.account_id,
        min(old_account_weeks.week_start) as week_start,
    from old_account_weeks
    inner join changed_authors using (platform, account_id)
    where old_account_weeks.participated
    group by all
),

moved_first_weeks as (
    select first_weeks_before.week_start as before_week, first_weeks_now.week_start as now_week,
    from first_weeks_before
    full join first_weeks_now using (platform, account_id)
    where first_weeks_before.week_start is distinct from first_weeks_now.week_start
),

snapshot_changes as (
    select platform, account_id, new_at as captured_at from changes
    where record_kind = 'snapshot' and new_at is not null
),

-- The neighbours of each change among the held snapshots of its account: whether one comes
-- before it (the account's first held snapshot is earlier) and which comes next (an ordered
-- pass over the snapshots from the account's earliest change on: in a new week, only the
-- new ones; two as-of joins of every change cost seconds a year, a pass over all of them
-- most of this step). Most accounts have a snapshot in the two weeks before their earliest
-- change, which is all "before" needs to know of them: only the others' older snapshots are
-- read.
changed_accounts_from as (
    select platform, account_id, min(captured_at) as first_changed_at,
    from snapshot_changes
    group by all
),

recent_from as (
    select min(first_changed_at) - interval 14 day as instant from changed_accounts_from
),

recent_held as (
    select
        follower_snapshots.platform, follower_snapshots.account_id,
        follower_snapshots.captured_at, changed_accounts_from.first_changed_at,
    from core.follower_snapshots
    inner join changed_accounts_from using (platform, account_id)
    where follower_snapshots.captured_at >= (select recent_from.instant from recent_from)
),

uncovered as (
    select platform, account_id from changed_accounts_from
    except
    select platform, account_id from recent_held
    where captured_at < first_changed_at
),

older_held as (
    select
        follower_snapshots.platform, follower_snapshots.account_id,
        follower_snapshots.captured_at,
    from core.follower_snapshots
    semi join uncovered using (platform, account_id)
    where follower_snapshots.captured_at < (select recent_from.instant from recent_from)
),

-- Not always the first held snapshot, but before the change exactly when that one is.
first_held as (
    select platform, account_id, min(captured_at) as first_at,
    from (
        select platform, account_id, captured_at from recent_held
        union all
        select platform, account_id, captured_at from older_held
    ) as held
    group by all
),

following as (
    select
        platform, account_id, captured_at,
        lead(captured_at) over (
            partition by platform, account_id order by captured_at
        ) as later_at,
    from recent_held
    where captured_at >= first_changed_at
),

-- A change whose snapshot is no longer held (removed since) finds no neighbours: its range
-- then reaches every week, which recomputes more than needed and never less.
with_later as (
    select
        snapshot_changes.*, following.later_at,
        following.captured_at is not null and first_held.first_at < snapshot_changes.captured_at
            as has_earlier,
    from snapshot_changes
    left join following using (platform, account_id, captured_at)
    left join first_held using (platform, account_id)
),

snapshot_ranges as (
    select
        with_later.platform,
        with_later.account_id,
        case when not with_later.has_earlier then date '0001-01-01'
            when with_later.captured_at = local_midnight(
                    chat_week_start(with_later.captured_at, context.timezone), context.timezone
                )
                then chat_week_start(with_later.captured_at, context.timezone) - 7
            else chat_week_start(with_later.captured_at, context.timezone)
        end as from_week,
        coalesce(chat_week_start(with_later.later_at, context.timezone) + 7, date '9999-12-31')
            as to_week,
    from with_later, context
),

-- The weeks an account appears in are read from the marts as last built: an appearance that
-- a chat post adds since then comes from a changed post, whose week is dirty already.
snapshot_weeks as (
    select distinct old_account_weeks.week_start
    from old_account_weeks
    inner join snapshot_ranges
        on old_account_weeks.platform = snapshot_ranges.platform
            and old_account_weeks.account_id = snapshot_ranges.account_id
            and old_account_weeks.week_start
            between snapshot_ranges.from_week and snapshot_ranges.to_week
),

full_build as (
    select distinct week_start from chat_posts
    where getvariable('full_build')
    union
    select distinct week_start from old_account_weeks
    where getvariable('full_build')
    union
    select chat_week.week_start
    from marts.chat_week, context
    where chat_week.chat = context.chat and getvariable('full_build')
),

dirty as (
    select week_start from post_weeks
    union
    select week_start + 7 from post_weeks
    union
    select before_week from moved_first_weeks
    union
    select now_week from moved_first_weeks
    union
    select week_start from snapshot_weeks
    union
    select week_start from full_build
)

select distinct week_start from dirty
where week_start is not null
