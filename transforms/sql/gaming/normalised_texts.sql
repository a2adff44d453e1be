-- The texts the two text signals compare, each post once: the non-repost posts of an
-- account-week with at least $min_posts of them (near duplicates) and every answer (copied
-- answers). Many answers are both.
select platform, post_id, text,
from int_week_posts
where kind <> 'repost'
qualify count(*) over (partition by week_start, platform, author_id) >= $min_posts
union
select platform, post_id, text,
from int_answers
