-- A chat's weeks run from its first to its last without a gap.
select chat, count(*) as weeks, min(week_start) as first_week, max(week_start) as last_week
from marts.chat_week
group by chat
having count(*) <> (max(week_start) - min(week_start)) / 7 + 1
