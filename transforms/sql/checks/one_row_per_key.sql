-- {{ table }} has at most one row per key, the key of its data dictionary entry.
select {{ key }}, count(*) as n
from {{ table }}
group by {{ key }}
having count(*) > 1
