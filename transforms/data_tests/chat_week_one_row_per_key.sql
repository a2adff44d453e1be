-- chat_week has one row per (chat, week_start).
select chat, week_start, count(*) as n from marts.chat_week
group by all
having count(*) > 1
