-- Every chat week of these chats, newest first, with its participants and posts.
select
    chat,
    week_start,
    week_label,
    participants,
    posts
from marts.chat_week
where list_contains($chats::varchar[], chat)
order by chat asc, week_start desc
