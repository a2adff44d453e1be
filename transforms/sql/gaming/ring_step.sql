-- One step of min-label propagation over the (symmetric) mutual-repost edges.
create or replace temp table gaming_ring_next as
select
    labels.week_start, labels.platform, labels.account_id,
    least(any_value(labels.label), min(neighbours.label)) as label,
from gaming_ring_labels as labels
inner join gaming_ring_edges as edges using (week_start, platform, account_id)
inner join gaming_ring_labels as neighbours
    on edges.week_start = neighbours.week_start and edges.platform = neighbours.platform
        and edges.partner = neighbours.account_id
group by all
