-- The most engaged non-repost chat posts created during the week's session.
with

window_of as (
    select
        session_start,
        session_end
    from marts.chat_session
    where chat = $chat and week_start = $week
),

ranked as (
    select
        posts.platform,
        posts.post_id,
        posts.author_id,
        posts.text,
        posts.kind,
        posts.created_at,
        posts.urls,
        posts.like_count,
        posts.repost_count,
        posts.reply_count,
        posts.quote_count,
        posts.like_count + posts.repost_count + posts.reply_count + posts.quote_count
            as engagement
    from core.posts as posts
    cross join window_of
    where
        posts.created_at >= window_of.session_start
        and posts.created_at < window_of.session_end
        and posts.kind != 'repost'
        and list_has_any(posts.hashtag_keys, $tags::varchar[])
        and not list_contains($opted_out::varchar[], posts.platform || ':' || posts.author_id)
    order by engagement desc, posts.created_at asc, posts.post_id asc
    limit $limit
),

keys as (select platform, author_id as account_id from ranked),

names as ({{ names }})

select
    ranked.*,
    names.handle,
    names.display_name
from ranked
inner join names
    on ranked.platform = names.platform and ranked.author_id = names.account_id
order by ranked.engagement desc, ranked.created_at asc, ranked.post_id asc
