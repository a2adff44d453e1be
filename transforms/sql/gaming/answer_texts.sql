-- gaming_answers: every answer of the recomputed weeks with its normalised text.
create or replace temp table gaming_answers as
select
    answers.week_start, answers.platform, answers.author_id, answers.author_handle,
    normalised.normalised,
from int_answers as answers
inner join gaming_normalised as normalised using (platform, post_id)
