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

-- Twice each measure's average rank, in the order of `measures`: the first plus the last
-- position of its tie group (rank() and the rows up to its peers, one sort per measure). A
-- NULL value has no rank and leaves the account out of that measure's pairs.
ranked as (
    select
        week_start,
        [
            case when followers_at_week_end is not null
                    then rank() over followers + count(*) over followers
            end,
            case when reposts_received is not null
                    then rank() over reposts + count(*) over reposts
            end,
            case when mentions_received is not null
                    then rank() over mentions + count(*) over mentions
            end,
            case when influence_pagerank is not null
                    then rank() over pagerank + count(*) over pagerank
            end
        ]::hugeint[] as twice,
    from accounts
    window
        followers as (partition by week_start order by followers_at_week_end asc nulls last),
        reposts as (partition by week_start order by reposts_received asc nulls last),
        mentions as (partition by week_start order by mentions_received asc nulls last),
        pagerank as (partition by week_start order by influence_pagerank asc nulls last)
),

measure_pairs as (
    select ma.measure as measure_a, mb.measure as measure_b, ma.position as a, mb.position as b,
    from measures as ma, measures as mb
    where ma.position < mb.position
),

pair_ranks as (
    select
        ranked.week_start, measure_pairs.measure_a, measure_pairs.measure_b,
        ranked.twice[measure_pairs.a + 1] as x, ranked.twice[measure_pairs.b + 1] as y,
    from ranked, measure_pairs
),

sums as (
    select
        week_start, measure_a, measure_b,
        count(*)::hugeint as n,
        sum(x) as sx, sum(y) as sy, sum(x * x) as sxx, sum(y * y) as syy, sum(x * y) as sxy,
    from pair_ranks
    where x is not null and y is not null
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
    select weeks.week_start, weeks.week_label, measure_pairs.measure_a, measure_pairs.measure_b,
    from weeks, measure_pairs
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
