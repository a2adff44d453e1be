-- The week's non-repost chat posts with the most likes, reposts, replies and quotes; posts
-- by opted-out accounts left out.
with

chat_posts as ({{ chat_posts }}),

ranked as (
    select
        platform,
        post_id,
        author_id,
        author_handle,
        text,
        kind,
        created_at,
        urls,
        like_count,
        repost_count,
        reply_count,
        quote_count,
        like_count + repost_count + reply_count + quote_count as engagement
    from chat_posts
    where
        kind != 'repost'
        and not list_contains($opted_out::varchar[], platform || ':' || author_id)
    order by engagement desc, created_at asc, post_id asc
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
