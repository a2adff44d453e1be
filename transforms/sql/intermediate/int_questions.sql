-- int_questions: the question of each recomputed chat-week and n, in the Q1…An format.
-- A question is a non-repost chat post by a host (any account when the chat has no hosts)
-- starting with Q<n>; of several with the same n in a week the earliest is the question (then
-- the smallest post_id). Prefixes come from int_post_prefixes.
with

context as (select * from build_context),

prefixes as (select * from int_post_prefixes)

select posts.*, prefixes.question_number,
from int_week_posts as posts
inner join prefixes using (platform, post_id)
cross join context
where posts.kind <> 'repost'
    and prefixes.question_number is not null
    and (list_contains(context.host_keys, posts.author_handle_key) or len(context.host_keys) = 0)
qualify row_number() over (
        partition by posts.week_start, prefixes.question_number
        order by posts.created_at, posts.post_id
    ) = 1
