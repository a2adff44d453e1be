-- The account_growth rows a build rewrites beyond those of the recomputed weeks, read before
-- any mart changes. An account_growth row of (account, week) depends on whether the account is
-- a member (took part in any week), whether it took part that week (a recomputed week when it
-- changed), and on the snapshots of that calendar week and the one before. So:
--   * an account that became or stopped being a member: all its weeks (week_start is NULL);
--   * a snapshot captured (or removed) at t: the account's week of t and the week after.
-- Key: (platform, account_id, week_start). Empty on a full build, which rewrites every row.
with

context as (select * from build_context),

changes as (
    select * from ops.changes
    where change_id > getvariable('since_change_id') and not getvariable('full_build')
),

changed_authors as (
    select distinct platform, account_id from changes
    where record_kind = 'post'
),

members_before as (
    select distinct account_week.platform, account_week.account_id
    from marts.account_week
    semi join changed_authors using (platform, account_id)
    where account_week.chat = (select chat from context) and account_week.participated
),

members_now as (
    select first_weeks.platform, first_weeks.author_id as account_id
    from stg_first_weeks as first_weeks
    semi join changed_authors
        on first_weeks.platform = changed_authors.platform
            and first_weeks.author_id = changed_authors.account_id
),

moved_members as (
    select platform, account_id
    from members_before
    full join members_now using (platform, account_id)
    where members_before.account_id is null or members_now.account_id is null
),

snapshot_weeks as (
    select
        changes.platform, changes.account_id,
        chat_week_start(changes.new_at, context.timezone) as week_start,
    from changes, context
    where changes.record_kind = 'snapshot' and changes.new_at is not null
)

select platform, account_id, null::date as week_start from moved_members
union
select platform, account_id, week_start from snapshot_weeks
union
select platform, account_id, week_start + 7 as week_start from snapshot_weeks
