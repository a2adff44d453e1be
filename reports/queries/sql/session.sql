-- The chat_session row of the chat-week, if the week has one.
select *
from marts.chat_session
where chat = $chat and week_start = $week
