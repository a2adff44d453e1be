-- The weeks whose sponsor report failed to reach a recipient who has still not been sent it.
select distinct failed.week_start
from ops.deliveries as failed
where failed.chat = $chat and failed.kind = $kind and failed.status = 'failed'
    and failed.week_start < $before and failed.week_start >= $since
    and not exists (
        select 1 from ops.deliveries as sent
        where sent.chat = failed.chat and sent.week_start = failed.week_start
            and sent.kind = failed.kind and sent.status = 'sent'
            and lower(sent.recipient) = lower(failed.recipient)
    )
order by failed.week_start
