-- What each configured sponsor got from each chat-week, as a mart (it was computed by the
-- sponsor page).
create table marts.sponsor_week (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    sponsor varchar not null,
    accounts_known bigint not null,
    posts_naming bigint not null,
    authors_naming bigint not null,
    impressions_naming bigint not null,
    reach_of_authors bigint not null,
    engagements_naming bigint not null,
    mentions_received bigint not null,
    own_posts bigint,
    reach bigint,
    influence_score double
);
