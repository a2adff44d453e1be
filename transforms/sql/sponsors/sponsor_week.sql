-- marts.sponsor_week for the recomputed weeks: per sponsor, the posts naming it, their
-- authors' reach, and what its own accounts did.
with

context as (select * from build_context),

sponsors as (select unnest(context.sponsor_keys) as sponsor from context),

sponsor_accounts as (select * from sponsor_accounts_found),

weeks as (
    select week_start, week_label from int_chat_weeks
    where is_dirty
),

naming as (
    select sponsor_posts.*,
    from marts.sponsor_posts
    inner join context on sponsor_posts.chat = context.chat
    semi join weeks using (week_start)
),

per_post as (
    select
        week_start, sponsor,
        count(*) as posts_naming,
        count(distinct row(platform, author_id)) as authors_naming,
        sum(impressions) as impressions_naming,
        sum(engagements) as engagements_naming,
    from naming
    group by all
),

authors as (
    select distinct week_start, sponsor, platform, author_id as account_id from naming
),

author_reach as (
    select
        authors.week_start, authors.sponsor,
        sum(account_week.followers_at_week_end) as reach_of_authors,
    from authors
    cross join context
    inner join marts.account_week
        on context.chat = account_week.chat
            and authors.week_start = account_week.week_start
            and authors.platform = account_week.platform
            and authors.account_id = account_week.account_id
    group by all
),

own as (
    select
        weeks.week_start, sponsor_accounts.sponsor,
        count(*) as own_rows,
        sum(account_week.posts) as own_posts,
        sum(account_week.mentions_received) as mentions_received,
        sum(account_week.reach) as reach,
        max(account_week.influence_score) as influence_score,
    from weeks
    cross join context
    inner join marts.account_week
        on context.chat = account_week.chat and weeks.week_start = account_week.week_start
    inner join sponsor_accounts
        on account_week.platform = sponsor_accounts.platform
            and account_week.account_id = sponsor_accounts.account_id
    group by all
),

known as (
    select sponsors.sponsor, count(sponsor_accounts.account_id) as accounts_known,
    from sponsors
    left join sponsor_accounts using (sponsor)
    group by all
)

select
    context.chat,
    weeks.week_start,
    weeks.week_label,
    sponsors.sponsor,
    known.accounts_known,
    coalesce(per_post.posts_naming, 0) as posts_naming,
    coalesce(per_post.authors_naming, 0) as authors_naming,
    coalesce(per_post.impressions_naming, 0) as impressions_naming,
    coalesce(author_reach.reach_of_authors, 0) as reach_of_authors,
    coalesce(per_post.engagements_naming, 0) as engagements_naming,
    coalesce(own.mentions_received, 0) as mentions_received,
    own.own_posts,
    own.reach,
    own.influence_score,
from weeks
cross join context
cross join sponsors
inner join known using (sponsor)
left join per_post using (week_start, sponsor)
left join author_reach using (week_start, sponsor)
left join own using (week_start, sponsor)
