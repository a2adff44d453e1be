-- One row per chat post of the chat being built: a post with one of the chat's hashtags,
-- compared as NFKC-normalised lower-case text (hashtag_keys is normalised at load time).
-- Key: (platform, post_id). Adds the post's week in the chat's time zone. Only the columns
-- that models read across all weeks (who took part when, and how); int_week_posts reads the
-- whole posts of the recomputed weeks. Read from ops.chat_posts, which the step before keeps
-- matched to core.posts (transforms/chat_posts.py).
with

context as (select * from build_context),

chat_posts as (
    select
        chat_posts.platform,
        chat_posts.post_id,
        chat_posts.author_id,
        chat_posts.kind,
        chat_posts.week_start,
    from ops.chat_posts as chat_posts, context
    where chat_posts.chat = context.chat
)

select * from chat_posts
