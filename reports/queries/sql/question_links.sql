-- The links shared in each question's answers: most answers sharing them first.
with

shared as (
    select
        answers.question_number,
        unnest(posts.urls) as url,
        posts.post_id
    from marts.answer_posts as answers
    inner join core.posts as posts using (platform, post_id)
    where
        answers.chat = $chat
        and answers.week_start = $week
        and not list_contains($opted_out::varchar[], posts.platform || ':' || posts.author_id)
)

select
    question_number,
    url,
    count(distinct post_id) as answers
from shared
group by question_number, url
qualify row_number() over (partition by question_number order by answers desc, url asc) <= $limit
order by question_number asc, answers desc, url asc
