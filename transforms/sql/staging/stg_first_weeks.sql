-- One row per account that took part in the chat: the first week it posted with the chat's
-- hashtag (a newcomer of that week). Key: (platform, author_id). Every "new" count reads it.
with

chat_posts as (select * from stg_chat_posts)

select platform, author_id, min(week_start) as first_week,
from chat_posts
group by all
