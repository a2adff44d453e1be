insert into gaming_found
with

context as (select * from build_context),

hits as (
    select week_start, platform, target_id as account_id, source_id, created_at,
    from int_interactions as interactions
    where list_contains($kinds, interaction)
        and not exists (
            select 1 from stg_host_accounts as hosts
            where hosts.is_host and hosts.platform = interactions.platform
                and hosts.account_id = interactions.target_id
        )
),

-- Only the accounts with enough hits in the week can have a burst: most have a few.
busy as (
    select week_start, platform, account_id from hits
    group by all
    having count(*) >= $min
),

counted as (
    select
        *,
        count(*) over (
            partition by week_start, platform, account_id order by created_at
            range between current row and interval {{ window_us }} microseconds following
        ) as n,
    from hits
    semi join busy using (week_start, platform, account_id)
),

peaks as (
    select week_start, platform, account_id, created_at as window_start, n,
    from counted
    where n >= $min
    qualify row_number() over (
            partition by week_start, platform, account_id
            order by n desc, created_at asc
        ) = 1
),

sources as (
    select
        peaks.week_start, peaks.platform, peaks.account_id,
        list(distinct hits.source_id order by hits.source_id) as sources,
    from peaks
    inner join hits
        on peaks.week_start = hits.week_start and peaks.platform = hits.platform
            and peaks.account_id = hits.account_id
            and peaks.window_start <= hits.created_at
            and hits.created_at <= peaks.window_start + interval {{ window_us }} microseconds
    group by all
)

select
    peaks.week_start, peaks.platform, peaks.account_id, 'burst' as signal,
    peaks.n::double as value,
    $min as threshold,
    printf(
        '%d mentions and reposts of it within %d minutes, from %s (%s), by %d account%s',
        peaks.n, $minutes,
        strftime(timezone(context.timezone, peaks.window_start), '%Y-%m-%d %H:%M'),
        context.timezone, len(sources.sources),
        case when len(sources.sources) = 1 then '' else 's' end
    ) as evidence,
    sources.sources as related_accounts,
from peaks
inner join sources using (week_start, platform, account_id)
cross join context
