-- One row per interaction yielded by a chat post of a recomputed week (METRICS.md,
-- "Interactions"): a reply, a repost (and nothing else), a quote, and a mention of each
-- distinct mentioned account that is not already the post's reply or quote target.
-- Interactions with oneself are dropped. Key: (platform, post_id, interaction, target_id).
with

posts as (select * from int_week_posts),

replies as (
    select
        week_start, platform, post_id, created_at, author_id as source_id,
        reply_to_account_id as target_id, 'reply' as interaction,
    from posts
    where kind = 'reply'
),

reposts as (
    select
        week_start, platform, post_id, created_at, author_id as source_id,
        referenced_account_id as target_id, 'repost' as interaction,
    from posts
    where kind = 'repost'
),

quotes as (
    select
        week_start, platform, post_id, created_at, author_id as source_id,
        referenced_account_id as target_id, 'quote' as interaction,
    from posts
    where kind = 'quote'
),

mentioned as (
    select
        week_start, platform, post_id, created_at, author_id as source_id, kind,
        reply_to_account_id, referenced_account_id,
        unnest(list_distinct(mention_ids)) as target_id,
    from posts
    where kind <> 'repost'
),

mentions as (
    select
        week_start, platform, post_id, created_at, source_id, target_id,
        'mention' as interaction,
    from mentioned
    where not (kind = 'reply' and target_id = reply_to_account_id)
        and not (kind = 'quote' and target_id = referenced_account_id)
),

interactions as (
    select * from replies
    union all
    select * from reposts
    union all
    select * from quotes
    union all
    select * from mentions
)

select * from interactions
where target_id is not null and target_id <> source_id
