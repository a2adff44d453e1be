-- The instants of the posts changed since the chat's last build, as they were and as they
-- are: every change of a post (new, replaced, deleted or purged) names its author and both.
with

instants as (
    select old_at as instant from ops.changes
    where change_id > getvariable('since_change_id') and record_kind = 'post'
    union all
    select new_at as instant from ops.changes
    where change_id > getvariable('since_change_id') and record_kind = 'post'
)

select distinct instant from instants
where instant is not null
