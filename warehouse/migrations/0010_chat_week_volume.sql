-- The low-data rule as chat_week columns: the median posts of the up-to-8 weeks before each
-- week, and whether the week has fewer than a quarter of it. The next build fills them.
alter table marts.chat_week add column trailing_median_posts double;
alter table marts.chat_week add column trailing_weeks integer;
alter table marts.chat_week add column is_low_data boolean;
