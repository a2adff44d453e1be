-- One row per week whose marts must be recomputed for the changes recorded since the chat's
-- last build. The rule (what a changed input can reach):
--   * a post (new, replaced or removed) changes its own week, before and after the change, and
--     the retention of the following week;
--   * it can move its author's first participation week, which changes new_participants of
--     that week, as it was and as it is now (and, since a returning newcomer's first week is
--     that week, whether the week's newcomers came back);
--   * a follower snapshot changes followers_at of its account at any instant (a snapshot is
--     also the fallback of earlier instants), so every week the account appears in.
-- On a full build every week the chat has or had is recomputed. account_growth and chat_lift
-- are rewritten whole on every build (see their headers).
with

context as (select * from build_context),

changes as (select * from ops.changes where change_id > getvariable('since_change_id')),

chat_posts as (select * from stg_chat_posts),

old_account_weeks as (
    select account_week.*
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
    select distinct platform, account_id from changes where record_kind = 'post'
),

first_weeks_now as (
    select min(chat_posts.week_start) as week_start
    from chat_posts
    join changed_authors
        on chat_posts.platform = changed_authors.platform
        and chat_posts.author_id = changed_authors.account_id
    group by chat_posts.platform, chat_posts.author_id
),

first_weeks_before as (
    select min(old_account_weeks.week_start) as week_start
    from old_account_weeks
    join changed_authors using (platform, account_id)
    where old_account_weeks.participated
    group by old_account_weeks.platform, old_account_weeks.account_id
),

snapshot_accounts as (
    select distinct platform, account_id from changes where record_kind = 'snapshot'
),

snapshot_weeks as (
    select distinct old_account_weeks.week_start
    from old_account_weeks
    join snapshot_accounts using (platform, account_id)
    union
    select distinct chat_posts.week_start
    from chat_posts
    join snapshot_accounts
        on chat_posts.platform = snapshot_accounts.platform
        and chat_posts.author_id = snapshot_accounts.account_id
),

full_build as (
    select distinct week_start from chat_posts where getvariable('full_build')
    union
    select distinct week_start from old_account_weeks where getvariable('full_build')
    union
    select chat_week.week_start
    from marts.chat_week, context
    where chat_week.chat = context.chat and getvariable('full_build')
),

dirty as (
    select week_start from post_weeks
    union select week_start + 7 from post_weeks
    union select week_start from first_weeks_now
    union select week_start from first_weeks_before
    union select week_start from snapshot_weeks
    union select week_start from full_build
)

select distinct week_start from dirty where week_start is not null
