-- Hold each rejected record of rejected_batch once per source (a record seen before is kept
-- as first seen).
insert into quarantine.rejected
(source, record_kind, record, record_hash, reasons, origin, first_seen_at, run_id)
select source, record_kind, record, md5(record), reasons, origin, now(), $run_id
from rejected_batch
qualify row_number() over (partition by source, md5(record)) = 1
on conflict (source, record_hash) do nothing
