-- The week's most engaging marts.sponsor_posts, each post once (opted-out authors left out),
-- with their text and counts from core.posts.
with

once as (
    select distinct on (platform, post_id) *
    from marts.sponsor_posts
    where
        chat = $chat
        and week_start = $week
        and list_contains($sponsor_keys::varchar[], sponsor)
        and not list_contains($opted_out::varchar[], platform || ':' || author_id)
    order by platform, post_id, sponsor
),

ranked as (
    select
        once.sponsor as handle_key,
        once.platform,
        once.post_id,
        once.author_id,
        posts.text,
        posts.kind,
        once.created_at,
        posts.urls,
        posts.like_count,
        posts.repost_count,
        posts.reply_count,
        posts.quote_count,
        once.engagements as engagement
    from once
    inner join core.posts as posts using (platform, post_id)
    order by engagement desc, once.created_at asc, once.post_id asc
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
