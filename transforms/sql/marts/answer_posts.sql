-- marts.answer_posts: its grain and key are those of schemas/dictionary/conversation.py.
-- Answers are int_answers' (question_week counts the same rows); an answer posted before its
-- question has no seconds_to_answer.
with

context as (select * from build_context),

questions as (select * from int_questions),

answers as (select * from int_answers)

select
    context.chat,
    answers.week_start,
    answers.week_label,
    answers.answered_number as question_number,
    answers.platform,
    answers.post_id,
    answers.author_id,
    answers.created_at,
    case
        when answers.created_at >= questions.created_at
            then (epoch_us(answers.created_at) - epoch_us(questions.created_at)) / 1e6
    end as seconds_to_answer,
    answers.like_count + answers.reply_count + answers.repost_count + answers.quote_count
        as engagements,
from answers
inner join questions
    on answers.week_start = questions.week_start
        and answers.answered_number = questions.question_number
cross join context
