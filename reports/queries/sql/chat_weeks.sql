-- Every chat_week row of the chat up to this week, oldest first.
select *
from marts.chat_week
where chat = $chat and week_start <= $up_to
order by week_start
