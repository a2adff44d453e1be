select count(*) from gaming_ring_next
inner join gaming_ring_labels using (week_start, platform, account_id)
where gaming_ring_next.label <> gaming_ring_labels.label
