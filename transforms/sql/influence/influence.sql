-- int_influence: one row per recomputed account-week with its influence and "why" columns.
create or replace temp table int_influence as
with

ranked as (
    select nodes.graph_id as week_start, nodes.platform, nodes.account_id, ranks.pagerank,
    from influence_ranks as ranks
    inner join influence_nodes as nodes using (graph_id, node_id)
),

steps as (
    select
        *,
        coalesce(
            pagerank - lag(pagerank) over (partition by week_start order by pagerank)
            > $tie * pagerank, true
        ) as starts_level,
    from ranked
),

-- Default frame (range, peers included): exactly equal pageranks get the same level.
levelled as (
    select
        *,
        sum(starts_level::integer) over (partition by week_start order by pagerank) as level,
    from steps
),

interactions as (select * from int_interactions),

given as (
    select
        week_start, platform, source_id as account_id,
        count(*) filter (where interaction = 'reply') as replies_given,
        count(*) filter (where interaction = 'repost') as reposts_given,
        count(*) filter (where interaction = 'quote') as quotes_given,
        count(*) filter (where interaction = 'mention') as mentions_given,
    from interactions
    group by all
),

amplified as (
    select
        week_start, platform, target_id as account_id,
        count(distinct source_id) as amplifiers,
    from interactions
    where interaction in ('repost', 'quote')
    group by all
),

pairs as (
    select distinct week_start, platform, source_id, target_id from interactions
),

ends as (
    select
        week_start, platform, source_id as account_id, target_id as partner,
        true as outgoing,
    from pairs
    union all
    select
        week_start, platform, target_id as account_id, source_id as partner,
        false as outgoing,
    from pairs
),

partnered as (
    select
        week_start, platform, account_id, partner,
        bool_or(outgoing) and bool_or(not outgoing) as both_ways,
    from ends
    group by all
),

partners as (
    select
        week_start, platform, account_id,
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
    row_number() over (
        partition by levelled.week_start
        order by levelled.level desc, levelled.platform asc, levelled.account_id asc
    ) as influence_rank,
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
            then partners.reciprocal_partners / partners.interaction_partners
    end
        as reciprocity_rate,
from levelled
left join given using (week_start, platform, account_id)
left join amplified using (week_start, platform, account_id)
left join partners using (week_start, platform, account_id)
