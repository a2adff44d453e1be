-- marts.sponsor_posts for the recomputed weeks: each chat post naming a sponsor, by mention
-- or by @handle in its text (sponsor_text_matches), but not by the sponsor itself.
with

context as (select * from build_context),

sponsor_accounts as (select * from sponsor_accounts_found),

posts as (
    select * from int_week_posts
    where kind <> 'repost'
),

by_mention as (
    select sponsor_accounts.sponsor, posts.platform, posts.post_id,
    from posts
    inner join sponsor_accounts
        on posts.platform = sponsor_accounts.platform
            and list_contains(posts.mention_ids, sponsor_accounts.account_id)
),

named as (
    select distinct sponsor, platform, post_id from (
        select * from by_mention
        union all
        select sponsor, platform, post_id from sponsor_text_matches
    ) as found
)

select
    context.chat, posts.week_start, posts.week_label, named.sponsor, posts.platform,
    posts.post_id, posts.author_id, posts.created_at,
    followers_at.followers as impressions,
    posts.like_count + posts.repost_count + posts.reply_count + posts.quote_count
        as engagements,
from named
inner join posts using (platform, post_id)
inner join int_followers_at as followers_at
    on posts.platform = followers_at.platform
        and posts.author_id = followers_at.account_id
        and posts.created_at = followers_at.at
cross join context
where not exists (
        select 1 from sponsor_accounts as own
        where own.sponsor = named.sponsor and own.platform = posts.platform
            and own.account_id = posts.author_id
    )
