-- followers_at(account, instant) for every (account, instant) the recomputed weeks need: each
-- post's author at its creation, each amplifier at its first repost or quote, each account at
-- week_end. The latest snapshot captured at or before the instant; else the earliest after
-- it; else 0 (has_follower_data is false then). Key: (platform, account_id, at).
with

posts as (select * from int_week_posts),

amplifiers as (select * from int_amplifiers),

account_weeks as (select * from int_account_week_rows),

probes as (
    select platform, author_id as account_id, created_at as at from posts
    union
    select platform, amplifier_id as account_id, first_amplified_at as at from amplifiers
    union
    select platform, account_id, week_end as at from account_weeks
),

probed as (select distinct platform, account_id from probes),

first_probe as (select min(probes.at) as instant from probes),

-- An as-of join needs, of the snapshots before the first probe, only each account's latest.
-- Most accounts have one in the two weeks before it, so only the others' older snapshots are
-- read: on a new week, a few weeks of snapshots instead of all of them.
recent as (
    select
        follower_snapshots.platform, follower_snapshots.account_id,
        follower_snapshots.captured_at, follower_snapshots.followers_count,
    from core.follower_snapshots
    semi join probed using (platform, account_id)
    where follower_snapshots.captured_at
        >= (select first_probe.instant - interval 14 day from first_probe)
),

uncovered as (
    select platform, account_id from probed
    except
    select platform, account_id from recent
    where captured_at < (select instant from first_probe)
),

older as (
    select
        follower_snapshots.platform, follower_snapshots.account_id,
        follower_snapshots.captured_at, follower_snapshots.followers_count,
    from core.follower_snapshots
    semi join uncovered using (platform, account_id)
    where follower_snapshots.captured_at
        < (select first_probe.instant - interval 14 day from first_probe)
),

latest_before_first_probe as (
    select
        platform, account_id, max(captured_at) as captured_at,
        arg_max(followers_count, captured_at) as followers_count,
    from (
        select * from recent
        where captured_at < (select instant from first_probe)
        union all
        select * from older
    ) as before_first_probe
    group by all
),

snapshots as (
    select * from recent
    where captured_at >= (select instant from first_probe)
    union all
    select platform, account_id, captured_at, followers_count from latest_before_first_probe
),

latest_before as (
    select
        probes.platform, probes.account_id, probes.at,
        snapshots.followers_count as followers_before,
    from probes
    asof left join snapshots
        on probes.platform = snapshots.platform
            and probes.account_id = snapshots.account_id
            and probes.at >= snapshots.captured_at
),

-- The earliest snapshot is read only by a probe with none before it, hence none before the
-- first probe: its account's earliest is then among `snapshots`, as is every account with one.
earliest as (
    select platform, account_id, arg_min(followers_count, captured_at) as followers_first,
    from snapshots
    group by all
)

select
    latest_before.platform,
    latest_before.account_id,
    latest_before.at,
    coalesce(latest_before.followers_before, earliest.followers_first, 0) as followers,
    earliest.account_id is not null as has_follower_data,
from latest_before
left join earliest using (platform, account_id)
