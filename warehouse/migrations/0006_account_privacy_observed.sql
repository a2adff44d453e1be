-- When the record that gave asks_not_to_be_indexed was observed: the flag comes from the latest
-- record that states it, in whatever order records arrive. Flags held so far came from the
-- record held, so they were observed when it was.
alter table core.accounts add column asks_not_to_be_indexed_at timestamp with time zone;
update core.accounts set asks_not_to_be_indexed_at = observed_at
where asks_not_to_be_indexed is not null;
