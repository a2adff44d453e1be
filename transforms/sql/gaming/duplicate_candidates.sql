select week_start, platform, author_id, post_id, text,
from int_week_posts
where kind <> 'repost'
qualify count(*) over (partition by week_start, platform, author_id) >= $min_posts
