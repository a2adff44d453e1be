-- account_week has one row per (chat, week_start, platform, account_id).
select chat, week_start, platform, account_id, count(*) as n
from marts.account_week
group by all
having count(*) > 1
