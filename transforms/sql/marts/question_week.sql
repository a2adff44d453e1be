-- marts.question_week: its grain and key are those of schemas/dictionary/conversation.py.
-- Questions come from int_questions and answers from int_answers, where both are defined.
-- An answer posted before its question counts as an answer but not in the timing; a
-- newcomer's first participation week (any chat post, reposts included) is this week.
with

context as (select * from build_context),

questions as (select * from int_questions),

first_weeks as (select * from stg_first_weeks),

answers as (
    select
        answers.*,
        (epoch_us(answers.created_at) - epoch_us(questions.created_at)) / 1e6 as seconds_after,
        first_weeks.first_week = answers.week_start as is_newcomer,
    from int_answers as answers
    inner join questions
        on answers.week_start = questions.week_start
            and answers.answered_number = questions.question_number
    inner join first_weeks
        on answers.platform = first_weeks.platform
            and answers.author_id = first_weeks.author_id
),

answer_totals as (
    select
        week_start, answered_number as question_number,
        count(*) as answers,
        count(distinct row(platform, author_id)) as answerers,
        sum(like_count + reply_count + repost_count + quote_count) as answer_engagements,
        quantile_cont(seconds_after, 0.5) filter (where seconds_after >= 0)
            as median_seconds_to_answer,
        quantile_cont(seconds_after, 0.9) filter (where seconds_after >= 0)
            as p90_seconds_to_answer,
        count(distinct row(platform, author_id)) filter (where is_newcomer)
            as new_participant_answerers,
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
    answer_totals.median_seconds_to_answer,
    answer_totals.p90_seconds_to_answer,
    coalesce(answer_totals.new_participant_answerers, 0) as new_participant_answerers,
from questions
cross join context
left join answer_totals using (week_start, question_number)
