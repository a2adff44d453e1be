-- Quarantined records counted by source, kind and reason (quoted values left out).
with

reasons as (
    select
        source,
        record_kind,
        regexp_replace(unnest(reasons), '''[^'']*''', '…', 'g') as reason
    from quarantine.rejected
)

select
    source,
    record_kind,
    reason,
    count(*) as records
from reasons
group by all
order by records desc, source asc, record_kind asc, reason asc
limit $limit
