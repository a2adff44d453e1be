-- The change log entries of a snapshot load: the instant of each new snapshot.
insert into ops.changes (record_kind, platform, account_id, old_at, new_at, run_id)
select 'snapshot', new.platform, new.account_id, null, new.captured_at, $run_id
from batch_state as new
where not new._held
