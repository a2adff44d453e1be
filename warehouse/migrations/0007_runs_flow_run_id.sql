-- The Prefect flow run a run was, when it was one: a run in the Prefect UI matched to its rows
-- here (run_id is also what ops.changes, raw, quarantine and deliveries name).
alter table ops.runs add column flow_run_id varchar;
