-- int_influence: one row per recomputed account-week with its influence and "why" columns.
create or replace temp table int_influence as
with

-- The levels and ranks are worked out on the nodes' integer ids alone; their accounts are
-- joined after. Within a week node_id follows (platform, account_id) (nodes.sql), so it orders
-- ties as the account does.
ranked as (
    select graph_id as week_start, node_id, pagerank,
    from influence_ranks
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

ordered as (
    select
        week_start, node_id, pagerank, level,
        row_number() over (partition by week_start order by level desc, node_id asc) as position,
        100 * (pagerank / max(pagerank) over (partition by week_start)) as score,
    from levelled
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

-- The partners of an account, from the graph's edges (one per ordered pair of accounts with
-- an interaction, on the nodes' integer ids): those it interacted with either way, out- plus
-- in-degree less the partners met both ways, who are counted once.
out_degrees as (
    select source_id as node_id, count(*) as out_degree,
    from influence_edges
    group by all
),

in_degrees as (
    select target_id as node_id, count(*) as in_degree,
    from influence_edges
    group by all
),

both_ways as (
    select forward.source_id as node_id, count(*) as reciprocal_partners,
    from influence_edges as forward
    inner join influence_edges as backward
        on forward.source_id = backward.target_id and forward.target_id = backward.source_id
    group by all
),

partners as (
    select
        node_id,
        coalesce(out_degrees.out_degree, 0) + coalesce(in_degrees.in_degree, 0)
        - coalesce(both_ways.reciprocal_partners, 0) as interaction_partners,
        coalesce(both_ways.reciprocal_partners, 0) as reciprocal_partners,
    from out_degrees
    full join in_degrees using (node_id)
    left join both_ways using (node_id)
)

select
    ordered.week_start,
    nodes.platform,
    nodes.account_id,
    ordered.pagerank as influence_pagerank,
    ordered.level as pagerank_level,
    ordered.position as influence_rank,
    ordered.score as influence_score,
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
from ordered
inner join influence_nodes as nodes using (node_id)
left join given using (week_start, platform, account_id)
left join amplified using (week_start, platform, account_id)
left join partners using (node_id)
