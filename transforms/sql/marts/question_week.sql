-- marts.question_week: one row per question of a chat-week in the Q1…An format.
-- Key: (chat, week_start, question_number).
-- Questions come from int_questions and answers from int_answers, where both are defined.
with

context as (select * from build_context),

questions as (select * from int_questions),

answer_totals as (
    select week_start, answered_number as question_number,
        count(*) as answers,
        count(distinct (platform, author_id)) as answerers,
        sum(like_count + reply_count + repost_count + quote_count) as answer_engagements,
    from int_answers
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
