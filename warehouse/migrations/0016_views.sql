-- Views as X reports them (public_metrics.impression_count), beside the potential
-- impressions: a post's view_count, and their sums per account-week and chat-week. Rows
-- built before hold NULL until their week is next recomputed.
alter table core.posts add column view_count bigint;
alter table marts.account_week add column views bigint;
alter table marts.account_week add column posts_with_views bigint;
alter table marts.chat_week add column views bigint;
alter table marts.chat_week add column posts_with_views bigint;
alter table marts.chat_week add column platforms_without_views varchar[];
