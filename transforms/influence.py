"""Influence: PageRank of each recomputed chat-week's interaction graph, the parts of an
account's standing side by side ("why this score"), and how differently followers, reposts,
mentions and PageRank rank the week's accounts (marts.influence_correlation).

Everything here is set-based on the build's connection and reads only the recomputed weeks'
temp tables (int_account_week_rows, int_interactions, int_chat_weeks): a week's influence
depends on that week's interactions and account_week rows only, so the dirty-week rule of
stg_dirty_weeks.sql needs nothing more. The account_week mart step has just re-inserted the
recomputed weeks' rows; the influence step UPDATEs their influence and "why" columns.
"""

import duckdb

from transforms.pagerank import pagerank
from transforms.steps import PythonStep, replace_recomputed_weeks

DAMPING = 0.85
"""PageRank damping (METRICS.md)."""

TOLERANCE = 1e-12
"""Iterate until the L1 change of a week's ranks is below this (METRICS.md)."""

DIRECT_STRENGTH = 1.0
"""s added per reply, repost or quote from a to b; the edge weight is ln(1 + s)."""

MENTION_STRENGTH = 0.5
"""s added per mention from a to b."""

RANK_TIE = 1e-12
"""PageRanks whose sorted neighbours differ by at most this fraction of the larger one are one
tie level: float noise (a few ulps) never decides a rank; ties are then ordered by platform and
account_id, so influence_rank is deterministic. Spearman ranks use the same levels."""

MEASURES = ("followers_at_week_end", "reposts_received", "mentions_received", "influence_pagerank")
"""The account_week columns whose rankings influence_correlation compares, pairwise in order."""

MIN_CORRELATION_ACCOUNTS = 3
"""Fewer accounts than this in a week: spearman is NULL."""

_NODES = """
create or replace temp table influence_nodes as
select
    week_start as graph_id,
    (row_number() over (order by week_start, platform, account_id))::integer as node_id,
    platform,
    account_id,
from int_account_week_rows
"""

# One edge per (week, a, b) with at least one interaction from a to b: weight ln(1 + s).
# The joins are staged (strengths, then source ids, then target ids), each step materialised:
# given both node lookups in one query, DuckDB can plan them as a self-join of influence_nodes
# on (week, platform), every pair of a week's accounts, before it joins the interactions.
_EDGES = """
create or replace temp table influence_edges as
with

strengths as materialized (
    select week_start, platform, source_id, target_id,
        sum(case when interaction = 'mention' then $mention else $direct end) as s,
    from int_interactions
    group by all
),

with_sources as materialized (
    select strengths.week_start, strengths.platform, strengths.target_id, strengths.s,
        sources.node_id as source_node,
    from strengths
    join influence_nodes as sources
        on sources.graph_id = strengths.week_start
        and sources.platform = strengths.platform
        and sources.account_id = strengths.source_id
)

select with_sources.week_start as graph_id, with_sources.source_node as source_id,
    targets.node_id as target_id, ln(1 + with_sources.s) as weight,
from with_sources
join influence_nodes as targets
    on targets.graph_id = with_sources.week_start
    and targets.platform = with_sources.platform
    and targets.account_id = with_sources.target_id
-- a canonical order: PageRank sums the same way
order by targets.node_id, with_sources.source_node
"""

# int_influence: one row per recomputed account-week with its influence and "why" columns.
_INFLUENCE = """
create or replace temp table int_influence as
with

ranked as (
    select nodes.graph_id as week_start, nodes.platform, nodes.account_id, ranks.pagerank,
    from influence_ranks as ranks
    join influence_nodes as nodes using (graph_id, node_id)
),

steps as (
    select *,
        coalesce(pagerank - lag(pagerank) over (partition by week_start order by pagerank)
            > $tie * pagerank, true) as starts_level,
    from ranked
),

-- Default frame (range, peers included): exactly equal pageranks get the same level.
levelled as (
    select *,
        sum(starts_level::integer) over (partition by week_start order by pagerank) as level,
    from steps
),

interactions as (select * from int_interactions),

given as (
    select week_start, platform, source_id as account_id,
        count(*) filter (where interaction = 'reply') as replies_given,
        count(*) filter (where interaction = 'repost') as reposts_given,
        count(*) filter (where interaction = 'quote') as quotes_given,
        count(*) filter (where interaction = 'mention') as mentions_given,
    from interactions
    group by all
),

amplified as (
    select week_start, platform, target_id as account_id,
        count(distinct source_id) as amplifiers,
    from interactions
    where interaction in ('repost', 'quote')
    group by all
),

pairs as (
    select distinct week_start, platform, source_id, target_id from interactions
),

ends as (
    select week_start, platform, source_id as account_id, target_id as partner,
        true as outgoing,
    from pairs
    union all
    select week_start, platform, target_id as account_id, source_id as partner,
        false as outgoing,
    from pairs
),

partnered as (
    select week_start, platform, account_id, partner,
        bool_or(outgoing) and bool_or(not outgoing) as both_ways,
    from ends
    group by all
),

partners as (
    select week_start, platform, account_id,
        count(*) as interaction_partners,
        count(*) filter (where both_ways) as reciprocal_partners,
    from partnered
    group by all
)

select
    levelled.week_start,
    levelled.platform,
    levelled.account_id,
    levelled.pagerank as influence_pagerank,
    levelled.level as pagerank_level,
    row_number() over (partition by levelled.week_start
        order by levelled.level desc, levelled.platform, levelled.account_id) as influence_rank,
    100 * (levelled.pagerank / max(levelled.pagerank) over (partition by levelled.week_start))
        as influence_score,
    coalesce(amplified.amplifiers, 0) as amplifiers,
    coalesce(given.replies_given, 0) as replies_given,
    coalesce(given.reposts_given, 0) as reposts_given,
    coalesce(given.quotes_given, 0) as quotes_given,
    coalesce(given.mentions_given, 0) as mentions_given,
    coalesce(partners.interaction_partners, 0) as interaction_partners,
    coalesce(partners.reciprocal_partners, 0) as reciprocal_partners,
    case when partners.interaction_partners > 0
        then partners.reciprocal_partners / partners.interaction_partners end
        as reciprocity_rate,
from levelled
left join given using (week_start, platform, account_id)
left join amplified using (week_start, platform, account_id)
left join partners using (week_start, platform, account_id)
"""

_UPDATE = """
update marts.account_week set
    influence_pagerank = influence.influence_pagerank,
    influence_rank = influence.influence_rank,
    influence_score = influence.influence_score,
    amplifiers = influence.amplifiers,
    replies_given = influence.replies_given,
    reposts_given = influence.reposts_given,
    quotes_given = influence.quotes_given,
    mentions_given = influence.mentions_given,
    interaction_partners = influence.interaction_partners,
    reciprocal_partners = influence.reciprocal_partners,
    reciprocity_rate = influence.reciprocity_rate,
from int_influence as influence
where account_week.chat = (select chat from build_context)
    and account_week.week_start = influence.week_start
    and account_week.platform = influence.platform
    and account_week.account_id = influence.account_id
"""


def build_influence(con: duckdb.DuckDBPyConnection) -> None:
    """PageRank of every recomputed week's graph, then the influence and "why" columns of
    marts.account_week for those weeks; leaves temp table int_influence for the next step."""
    con.execute(_NODES)
    con.execute(_EDGES, {"mention": MENTION_STRENGTH, "direct": DIRECT_STRENGTH})
    pagerank(
        con,
        "influence_nodes",
        "influence_edges",
        "influence_ranks",
        damping=DAMPING,
        tolerance=TOLERANCE,
    )
    con.execute(_INFLUENCE, {"tie": RANK_TIE})
    con.execute(_UPDATE)
    for table in ("influence_nodes", "influence_edges", "influence_ranks"):
        con.execute(f"drop table if exists {table}")


# Spearman per (week, pair of measures): Pearson correlation of average ranks (ties share the
# mean of the positions they span). PageRank is ranked by its tie level (RANK_TIE). Twice an
# average rank is an integer, so the sums are exact (HUGEINT) whatever the row order, and the
# result is the same bit for bit in an incremental and a full build (corr() is not).
_CORRELATION = """
with

weeks as (select * from int_chat_weeks where is_dirty),

measures as (
    select * from (values {measures}) as m(measure, position)
),

accounts as (
    select account_week.week_start, account_week.platform, account_week.account_id,
        account_week.followers_at_week_end::double as followers_at_week_end,
        account_week.reposts_received::double as reposts_received,
        account_week.mentions_received::double as mentions_received,
        influence.pagerank_level::double as influence_pagerank,
    from marts.account_week
    join int_influence as influence using (week_start, platform, account_id)
    where account_week.chat = (select chat from build_context)
),

values_ as (
    unpivot accounts
    on followers_at_week_end, reposts_received, mentions_received, influence_pagerank
    into name measure value key
),

ranks as (
    select week_start, platform, account_id, measure,
        (2 * rank() over (partition by week_start, measure order by key)
            + count(*) over (partition by week_start, measure, key) - 1)::hugeint as twice,
    from values_
),

sums as (
    select a.week_start, ma.measure as measure_a, mb.measure as measure_b,
        count(*)::hugeint as n,
        sum(a.twice) as sx, sum(b.twice) as sy,
        sum(a.twice * a.twice) as sxx, sum(b.twice * b.twice) as syy,
        sum(a.twice * b.twice) as sxy,
    from ranks as a
    join ranks as b using (week_start, platform, account_id)
    join measures as ma on ma.measure = a.measure
    join measures as mb on mb.measure = b.measure
    where ma.position < mb.position
    group by all
),

pairs as (
    select week_start, measure_a, measure_b, n::bigint as accounts,
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
"""


_SPREAD = """
update marts.chat_week set
    scored_participants = spread.scored,
    median_influence_score = spread.median_score,
    top_tenth_pagerank_share = spread.top_share,
from (
    select weeks.week_start, count(ranked.pagerank) as scored,
        median(ranked.score) as median_score,
        sum(ranked.pagerank) filter (where ranked.position <= ceil(ranked.total / 10))
            / nullif(sum(ranked.pagerank), 0) as top_share,
    from (select week_start from int_chat_weeks where is_dirty) as weeks
    left join (
        select week_start, influence_score as score, influence_pagerank as pagerank,
            row_number() over (partition by week_start
                order by influence_pagerank desc, platform, account_id) as position,
            count(*) over (partition by week_start) as total,
        from marts.account_week
        where chat = (select chat from build_context) and participated
            and influence_pagerank is not null
    ) as ranked using (week_start)
    group by all
) as spread
where chat_week.chat = (select chat from build_context)
    and chat_week.week_start = spread.week_start
"""


def build_influence_spread(con: duckdb.DuckDBPyConnection) -> None:
    """chat_week's scored_participants, median_influence_score and top_tenth_pagerank_share
    for the recomputed weeks."""
    con.execute(_SPREAD)


def build_influence_correlation(con: duckdb.DuckDBPyConnection) -> None:
    """marts.influence_correlation for the recomputed weeks."""
    measures = ", ".join(f"('{name}', {i})" for i, name in enumerate(MEASURES))
    replace_recomputed_weeks(
        con,
        "marts.influence_correlation",
        _CORRELATION.format(measures=measures),
        {"min_accounts": MIN_CORRELATION_ACCOUNTS},
    )


INFLUENCE_STEP = PythonStep(
    "influence",
    build_influence,
    temp_tables=("influence_nodes", "influence_edges", "influence_ranks", "int_influence"),
    reads=("int_account_week_rows", "int_interactions", "int_chat_weeks"),
    writes=("marts.account_week",),
)
SPREAD_STEP = PythonStep(
    "influence_spread",
    build_influence_spread,
    reads=("marts.account_week", "int_chat_weeks"),
    writes=("marts.chat_week",),
)
CORRELATION_STEP = PythonStep(
    "influence_correlation",
    build_influence_correlation,
    reads=("marts.account_week", "int_influence", "int_chat_weeks"),
    writes=("marts.influence_correlation",),
)
