-- What an account gave besides replies and mentions: its reposts and quotes of others' posts.
-- Rows built before hold NULL until their week is next recomputed (`chatreach build --full`
-- recomputes all).
alter table marts.account_week add column reposts_given bigint;
alter table marts.account_week add column quotes_given bigint;
