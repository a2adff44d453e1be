-- marts.question_week: one row per question of a chat-week in the Q1…An format.
-- Key: (chat, week_start, question_number).
-- A question is a non-repost chat post by a host (any account when the chat has no hosts)
-- starting with Q<n>; of several with the same n in a week the earliest is the question (then
-- the smallest post_id). An answer is a non-repost chat post of the same week by a non-host
-- (by anyone but the question's author when there are no hosts); its question is the n of
-- its leading A<n>, else the question post it replies to. Prefixes come from int_post_prefixes.
with

context as (select * from build_context),

posts as (select * from int_week_posts where kind <> 'repost'),

prefixes as (select * from int_post_prefixes),

numbered as (
    select posts.*, prefixes.question_number, prefixes.answer_number,
        list_contains(context.host_keys, posts.author_handle_key) as is_host,
        len(context.host_keys) > 0 as chat_has_hosts,
    from posts
    join prefixes using (platform, post_id)
    cross join context
),

questions as (
    select *
    from numbered
    where question_number is not null and (is_host or not chat_has_hosts)
    qualify row_number() over (
        partition by week_start, question_number order by created_at, post_id
    ) = 1
),

answers as (
    select numbered.*, questions.question_number as answered_number,
    from numbered
    join questions
        on questions.week_start = numbered.week_start
        and (
            numbered.answer_number = questions.question_number
            or (
                numbered.answer_number is null
                and numbered.kind = 'reply'
                and numbered.platform = questions.platform
                and numbered.reply_to_post_id = questions.post_id
            )
        )
    where (numbered.chat_has_hosts and not numbered.is_host)
        or (not numbered.chat_has_hosts and numbered.author_id <> questions.author_id)
),

answer_totals as (
    select week_start, answered_number as question_number,
        count(*) as answers,
        count(distinct (platform, author_id)) as answerers,
        sum(like_count + reply_count + repost_count + quote_count) as answer_engagements,
    from answers
    group by all
)

select
    context.chat,
    questions.week_start,
    questions.week_label,
    questions.question_number,
    questions.post_id as question_post_id,
    questions.platform as question_platform,
    questions.author_id as question_author_id,
    questions.created_at as question_created_at,
    questions.text as question_text,
    coalesce(answer_totals.answers, 0) as answers,
    coalesce(answer_totals.answerers, 0) as answerers,
    coalesce(answer_totals.answer_engagements, 0) as answer_engagements,
from questions
cross join context
left join answer_totals using (week_start, question_number)
