-- The change log entries of a post load: the instants a post was created at before and after
-- (and the former author, when a later record names another).
insert into ops.changes (record_kind, platform, account_id, old_at, new_at, run_id)
select
    'post', new.platform, new.author_id, new.held.created_at as old_at, new.created_at as new_at,
    $run_id
from batch_state as new
where not new._held or new.observed_at > new.held.observed_at
union all
select 'post', new.platform, new.held.author_id, new.held.created_at, null, $run_id
from batch_state as new
where new._held and new.observed_at > new.held.observed_at
    and new.held.author_id <> new.author_id
