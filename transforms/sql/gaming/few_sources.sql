insert into gaming_found
with

received as (
    select week_start, platform, target_id as account_id, source_id, count(*) as n,
    from int_interactions
    group by all
),

-- Only the accounts that received enough are ranked: most receive a few interactions.
totals as (
    select week_start, platform, account_id, sum(n) as total, count(*) as sources,
    from received
    group by all
    having sum(n) >= $min_received
),

ranked as (
    select
        received.*, totals.total, totals.sources,
        row_number() over (
            partition by received.week_start, received.platform, received.account_id
            order by received.n desc, received.source_id asc
        ) as position,
    from received
    inner join totals using (week_start, platform, account_id)
),

tops as (
    select
        week_start, platform, account_id,
        any_value(total) as total,
        any_value(sources) as sources,
        sum(n) filter (where position <= $top) as top_n,
        list(source_id order by position) filter (where position <= $top) as top_sources,
    from ranked
    group by all
)

select
    week_start, platform, account_id, 'few_sources' as signal,
    top_n / total as value,
    $share as threshold,
    printf(
        '%d of the %d interactions it received this week came from %d account%s (%.0f%%); '
        || '%d account%s interacted with it in all',
        top_n, total, len(top_sources), case when len(top_sources) = 1 then '' else 's' end,
        100 * top_n / total, sources, case when sources = 1 then '' else 's' end
    ) as evidence,
    top_sources as related_accounts,
from tops
where total >= $min_received and top_n >= $share * total - $epsilon
