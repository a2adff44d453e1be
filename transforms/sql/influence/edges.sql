-- One edge per (week, a, b) with at least one interaction from a to b: weight ln(1 + s).
-- The joins are staged (strengths, then source ids, then target ids), each step materialised:
-- given both node lookups in one query, DuckDB can plan them as a self-join of influence_nodes
-- on (week, platform), every pair of a week's accounts, before it joins the interactions.
create or replace temp table influence_edges as
with

strengths as materialized (
    select
        week_start, platform, source_id, target_id,
        sum(case when interaction = 'mention' then $mention else $direct end) as s,
    from int_interactions
    group by all
),

with_sources as materialized (
    select
        strengths.week_start, strengths.platform, strengths.target_id, strengths.s,
        sources.node_id as source_node,
    from strengths
    inner join influence_nodes as sources
        on strengths.week_start = sources.graph_id
            and strengths.platform = sources.platform
            and strengths.source_id = sources.account_id
)

select
    with_sources.week_start as graph_id, with_sources.source_node as source_id,
    targets.node_id as target_id, ln(1 + with_sources.s) as weight,
from with_sources
inner join influence_nodes as targets
    on with_sources.week_start = targets.graph_id
        and with_sources.platform = targets.platform
        and with_sources.target_id = targets.account_id
-- a canonical order: PageRank sums the same way
order by targets.node_id, with_sources.source_node
