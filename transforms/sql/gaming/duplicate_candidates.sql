-- gaming_texts: the normalised posts of the account-weeks with at least $min_posts of them.
create or replace temp table gaming_texts as
select week_start, platform, author_id, post_id, normalised,
from gaming_normalised
where is_candidate
