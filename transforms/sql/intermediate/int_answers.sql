-- int_answers: one row per answer of the recomputed weeks, with the question it answers.
-- An answer is a non-repost chat post of the question's week by a non-host (by anyone but the
-- question's author when there are no hosts); its question is the n of its leading A<n>, else
-- the question post it replies to.
with

context as (select * from build_context),

questions as (select * from int_questions),

prefixes as (select * from int_post_prefixes),

numbered as (
    select
        posts.*, prefixes.answer_number,
        list_contains(context.host_keys, posts.author_handle_key) as is_host,
        len(context.host_keys) > 0 as chat_has_hosts,
    from int_week_posts as posts
    inner join prefixes using (platform, post_id)
    cross join context
    where posts.kind <> 'repost'
)

select
    numbered.* exclude (is_host, chat_has_hosts),
    questions.question_number as answered_number,
from numbered
inner join questions
    on numbered.week_start = questions.week_start
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
