insert into gaming_found
with

groups as (
    select
        week_start, platform, label,
        list(account_id order by account_id) as members, count(*) as size,
    from gaming_ring_labels
    group by all
    having count(*) >= $min_size
),

flows as (
    select
        week_start, platform, account_id,
        sum(reposted) as reposted, sum(reposted_back) as reposted_back,
    from gaming_ring_edges
    group by all
)

select
    labels.week_start, labels.platform, labels.account_id, 'repost_ring' as signal,
    groups.size::double as value,
    $min_size as threshold,
    printf(
        'one of %d accounts linked by mutual reposts this week (each link: both reposted '
        || 'the other at least %d times); it reposted its ring partners %d times and they '
        || 'reposted it %d times',
        groups.size, $min_reposts, flows.reposted, flows.reposted_back
    ) as evidence,
    [member for member in groups.members if member <> labels.account_id] as related_accounts,
from gaming_ring_labels as labels
inner join groups using (week_start, platform, label)
inner join flows using (week_start, platform, account_id)
