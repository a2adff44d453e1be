-- The most engaged answers of each question (most engagements, then the earliest), opted-out
-- authors left out.
with

ranked as (
    select
        answers.question_number,
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
    from marts.answer_posts as answers
    inner join core.posts as posts using (platform, post_id)
    where
        answers.chat = $chat
        and answers.week_start = $week
        and not list_contains($opted_out::varchar[], posts.platform || ':' || posts.author_id)
    qualify row_number() over (
            partition by answers.question_number
            order by engagement desc, posts.created_at asc, posts.post_id asc
        ) <= $per_question
),

keys as (select platform, author_id as account_id from ranked),

names as ({{ names }})

select
    ranked.*,
    names.handle,
    names.display_name,
    row_number() over (
        partition by ranked.question_number
        order by ranked.engagement desc, ranked.created_at asc, ranked.post_id asc
    ) as position
from ranked
inner join names
    on ranked.platform = names.platform and ranked.author_id = names.account_id
order by ranked.question_number, position
