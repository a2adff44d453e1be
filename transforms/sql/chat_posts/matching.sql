-- The posts given (all of core.posts, or those changed: changed_posts.sql) with one of the
-- chat's hashtags (compared as NFKC-normalised lower-case text: hashtag_keys is normalised
-- at load time), placed in the chat's weeks. Inserted in week order, so the rows fill whole
-- row groups and the next build's delete of changed instants skips the others' groups.
insert into ops.chat_posts
select
    context.chat,
    chat_week_start(posts.created_at, context.timezone) as week_start,
    posts.platform,
    posts.post_id,
    posts.author_id,
    posts.kind,
    posts.created_at,
from {{ posts }} as posts, build_context as context
where list_has_any(posts.hashtag_keys, context.hashtag_keys)
order by week_start
