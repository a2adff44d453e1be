-- The week's question_week rows by question number; is_opted_out when the author opted out.
select
    question_number,
    question_post_id,
    question_platform,
    question_author_id,
    question_created_at,
    question_text,
    answers,
    answerers,
    answer_engagements,
    median_seconds_to_answer,
    p90_seconds_to_answer,
    new_participant_answerers,
    list_contains(
        $opted_out::varchar[], question_platform || ':' || question_author_id
    ) as is_opted_out
from marts.question_week
where chat = $chat and week_start = $week
order by question_number, question_post_id
