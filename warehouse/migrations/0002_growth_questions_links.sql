-- Growth and lift, the Q&A format, shared links, and chat_week's organic view, newcomer care
-- and conversation health.
create table marts.account_growth (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    platform varchar not null,
    account_id varchar not null,
    followers_end bigint not null,
    previous_followers_end bigint not null,
    follower_change bigint not null,
    growth_rate double,
    participated boolean not null
);

create table marts.chat_lift (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    window_weeks integer not null,
    accounts_compared bigint not null,
    lift_median double,
    participating_growth_median double,
    nonparticipating_growth_median double
);

create table marts.question_week (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    question_number integer not null,
    question_post_id varchar not null,
    question_platform varchar not null,
    question_author_id varchar not null,
    question_created_at timestamptz not null,
    question_text varchar not null,
    answers bigint not null,
    answerers bigint not null,
    answer_engagements bigint not null
);

create table marts.link_week (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    url varchar not null,
    domain varchar not null,
    shares bigint not null,
    sharers bigint not null,
    reposts bigint not null
);

alter table marts.chat_week add column organic_participants bigint not null default 0;
alter table marts.chat_week add column organic_new_participants bigint not null default 0;
alter table marts.chat_week add column organic_posts bigint not null default 0;
alter table marts.chat_week add column organic_impressions bigint not null default 0;
alter table marts.chat_week add column organic_reach bigint not null default 0;
alter table marts.chat_week add column organic_engagements bigint not null default 0;
alter table marts.chat_week add column newcomers_acknowledged bigint not null default 0;
alter table marts.chat_week add column newcomer_care_rate double;
alter table marts.chat_week add column acknowledged_newcomers_returned bigint not null default 0;
alter table marts.chat_week add column unacknowledged_newcomers_returned bigint not null default 0;
alter table marts.chat_week add column acknowledged_return_rate double;
alter table marts.chat_week add column unacknowledged_return_rate double;
alter table marts.chat_week add column interacting_pairs bigint not null default 0;
alter table marts.chat_week add column reciprocity_rate double;
alter table marts.chat_week add column conversational_share double;
alter table marts.chat_week add column participation_gini double;
