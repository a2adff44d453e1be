-- Spearman per (week, pair of measures): Pearson correlation of average ranks (ties share the
-- mean of the positions they span). PageRank is ranked by its tie level (RANK_TIE). Twice an
-- average rank is an integer, so the sums are exact (HUGEINT) whatever the row order, and the
-- result is the same bit for bit in an incremental and a full build (corr() is not).
with

weeks as (
    select * from int_chat_weeks
    where is_dirty
),

measures as (
    select * from (values {{ measures }}) as m (measure, position)
),

accounts as (
    select
        account_week.week_start, account_week.platform, account_week.account_id,
        account_week.followers_at_week_end::double as followers_at_week_end,
        account_week.reposts_received::double as reposts_received,
        account_week.mentions_received::double as mentions_received,
        influence.pagerank_level::double as influence_pagerank,
    from marts.account_week
    inner join int_influence as influence using (week_start, platform, account_id)
    where account_week.chat = (select chat from build_context)
),

values_ as (
    unpivot accounts
    on followers_at_week_end, reposts_received, mentions_received, influence_pagerank
    into name measure value key
),

ranks as (
    select
        week_start, platform, account_id, measure,
        (
            2 * rank() over (partition by week_start, measure order by key)
            + count(*) over (partition by week_start, measure, key) - 1
        )::hugeint as twice,
    from values_
),

sums as (
    select
        a.week_start, ma.measure as measure_a, mb.measure as measure_b,
        count(*)::hugeint as n,
        sum(a.twice) as sx, sum(b.twice) as sy,
        sum(a.twice * a.twice) as sxx, sum(b.twice * b.twice) as syy,
        sum(a.twice * b.twice) as sxy,
    from ranks as a
    inner join ranks as b using (week_start, platform, account_id)
    inner join measures as ma on a.measure = ma.measure
    inner join measures as mb on b.measure = mb.measure
    where ma.position < mb.position
    group by all
),

pairs as (
    select
        week_start, measure_a, measure_b, n::bigint as accounts,
        case when n >= $min_accounts and n * sxx > sx * sx and n * syy > sy * sy
                then (n * sxy - sx * sy)::double
                    / sqrt((n * sxx - sx * sx)::double * (n * syy - sy * sy)::double)
        end as spearman,
    from sums
),

all_pairs as (
    select weeks.week_start, weeks.week_label, ma.measure as measure_a, mb.measure as measure_b,
    from weeks, measures as ma, measures as mb
    where ma.position < mb.position
)

select
    (select chat from build_context) as chat,
    all_pairs.week_start,
    all_pairs.week_label,
    all_pairs.measure_a,
    all_pairs.measure_b,
    coalesce(pairs.accounts, 0) as accounts,
    pairs.spearman,
from all_pairs
left join pairs using (week_start, measure_a, measure_b)
