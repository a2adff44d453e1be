-- How quickly each question was answered, and by how many newcomers (the recap and sponsor
-- pages show them). Rows built before hold NULL until their week is next recomputed.
alter table marts.question_week add column median_seconds_to_answer double;
alter table marts.question_week add column p90_seconds_to_answer double;
alter table marts.question_week add column new_participant_answerers bigint;
