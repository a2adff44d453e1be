-- The posts created at a changed instant. The bounds let the scan skip the row groups of
-- other times before the exact match.
select core_posts.*
from core.posts as core_posts
where
    core_posts.created_at >= (select min(chat_post_instants.instant) from chat_post_instants)
    and core_posts.created_at <= (select max(chat_post_instants.instant) from chat_post_instants)
    and core_posts.created_at in (select chat_post_instants.instant from chat_post_instants)
