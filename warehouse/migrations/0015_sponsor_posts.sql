-- The chat posts that name each configured sponsor, as a mart: marts.sponsor_week counts them
-- and the sponsor page lists them (it matched them again with its own rule).
create table marts.sponsor_posts (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    sponsor varchar not null,
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    created_at timestamp with time zone not null,
    impressions bigint not null,
    engagements bigint not null
);
