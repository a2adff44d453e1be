-- One row per chat post of the chat being built: a post with one of the chat's hashtags,
-- compared as NFKC-normalised lower-case text (hashtag_keys is normalised at load time).
-- Key: (platform, post_id). Adds the post's week in the chat's time zone. Only the columns
-- that models read across all weeks (who took part when, and how); int_week_posts reads the
-- whole posts of the recomputed weeks.
with

context as (select * from build_context),

posts as (select * from core.posts),

chat_posts as (
    select
        posts.platform,
        posts.post_id,
        posts.author_id,
        posts.kind,
        chat_week_start(posts.created_at, context.timezone) as week_start,
    from posts, context
    where list_has_any(posts.hashtag_keys, context.hashtag_keys)
)

select * from chat_posts
