-- The chat posts of one week (METRICS.md: a hashtag key in the chat's, week in its zone).
-- Included as the CTE `chat_posts`.
select posts.*
from core.posts as posts
where
    list_has_any(posts.hashtag_keys, $hashtag_keys::varchar[])
    and posts.created_at >= $week_begins
    and posts.created_at < $week_ends
