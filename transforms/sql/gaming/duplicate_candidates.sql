-- gaming_texts: the normalised posts of the account-weeks with at least $min_posts of them.
create or replace temp table gaming_texts as
with

candidates as (
    select week_start, platform, author_id, post_id,
    from int_week_posts
    where kind <> 'repost'
    qualify count(*) over (partition by week_start, platform, author_id) >= $min_posts
)

select
    candidates.week_start, candidates.platform, candidates.author_id, candidates.post_id,
    normalised.normalised,
from candidates
inner join gaming_normalised as normalised using (platform, post_id)
