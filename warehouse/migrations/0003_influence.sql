-- Influence (PageRank of the weekly interaction graph), the parts of an account's standing side
-- by side ("why this score"), how differently followers, reposts, mentions and PageRank rank
-- people, and gaming signals. Filled by transforms/influence.py and transforms/gaming.py.
alter table marts.account_week add column influence_pagerank double;
alter table marts.account_week add column influence_rank bigint;
alter table marts.account_week add column influence_score double;
alter table marts.account_week add column amplifiers bigint;
alter table marts.account_week add column replies_given bigint;
alter table marts.account_week add column mentions_given bigint;
alter table marts.account_week add column interaction_partners bigint;
alter table marts.account_week add column reciprocal_partners bigint;
alter table marts.account_week add column reciprocity_rate double;

create table marts.influence_correlation (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    measure_a varchar not null,
    measure_b varchar not null,
    accounts bigint not null,
    spearman double
);

create table marts.gaming_signals (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    platform varchar not null,
    account_id varchar not null,
    signal varchar not null,
    value double not null,
    threshold double not null,
    evidence varchar not null,
    related_accounts varchar[] not null
);
