-- The texts the two text signals compare, each post once: the non-repost posts of an
-- account-week with at least $min_posts of them (`is_candidate`, for near duplicates) and
-- every answer (copied answers). Many answers are both.
with

candidates as (
    select platform, post_id,
    from int_week_posts
    where kind <> 'repost'
    qualify count(*) over (partition by week_start, platform, author_id) >= $min_posts
),

compared as (
    select platform, post_id from candidates
    union
    select platform, post_id from int_answers
)

select
    posts.week_start, posts.platform, posts.author_id, posts.post_id, posts.text,
    candidates.post_id is not null as is_candidate,
from int_week_posts as posts
semi join compared using (platform, post_id)
left join candidates using (platform, post_id)
