"""The marts other engineers are still building, made here with the names METRICS.md gives.

The report sections that read them are tested on these stand-ins. Two shapes: MINIMAL has just
the columns METRICS.md names; FULL has the columns of migrations 0002 and 0003. The values are
inserted by hand (tests/reports/tiny.py), not computed as the real transforms do.
"""

import duckdb

MINIMAL = """
create table marts.question_week (
    chat varchar, week_start date, question_number integer, question_post_id varchar,
    question_text varchar, answers bigint, answerers bigint, answer_engagements bigint,
    median_seconds_to_answer double, p90_seconds_to_answer double,
    new_participant_answerers bigint
);
create table marts.link_week (
    chat varchar, week_start date, url varchar, domain varchar, shares bigint, sharers bigint,
    reposts bigint
);
create table marts.chat_lift (
    chat varchar, week_start date, window_weeks integer, accounts_compared bigint,
    lift_median double, participating_growth_median double, nonparticipating_growth_median double,
    lift_ci_low double, lift_ci_high double
);
alter table marts.account_week add column influence_pagerank double;
alter table marts.account_week add column influence_rank bigint;
alter table marts.account_week add column influence_score double;
alter table marts.chat_week add column scored_participants bigint;
alter table marts.chat_week add column median_influence_score double;
alter table marts.chat_week add column top_tenth_pagerank_share double;
"""

FULL = """
create table marts.question_week (
    chat varchar, week_start date, week_label varchar, question_number integer,
    question_post_id varchar, question_platform varchar, question_author_id varchar,
    question_created_at timestamptz, question_text varchar, answers bigint, answerers bigint,
    answer_engagements bigint, median_seconds_to_answer double, p90_seconds_to_answer double,
    new_participant_answerers bigint
);
create table marts.link_week (
    chat varchar, week_start date, week_label varchar, url varchar, domain varchar,
    shares bigint, sharers bigint, reposts bigint
);
create table marts.chat_lift (
    chat varchar, week_start date, week_label varchar, window_weeks integer,
    accounts_compared bigint, lift_median double, participating_growth_median double,
    nonparticipating_growth_median double, lift_ci_low double, lift_ci_high double
);
create table marts.gaming_signals (
    chat varchar, week_start date, week_label varchar, platform varchar, account_id varchar,
    signal varchar, value double, threshold double, evidence varchar, related_accounts varchar[]
);
alter table marts.account_week add column influence_pagerank double;
alter table marts.account_week add column influence_rank bigint;
alter table marts.account_week add column influence_score double;
alter table marts.chat_week add column scored_participants bigint;
alter table marts.chat_week add column median_influence_score double;
alter table marts.chat_week add column top_tenth_pagerank_share double;
alter table marts.account_week add column amplifiers bigint;
alter table marts.account_week add column interaction_partners bigint;
alter table marts.account_week add column reciprocal_partners bigint;
alter table marts.account_week add column reciprocity_rate double;
alter table marts.chat_week add column organic_participants bigint;
alter table marts.chat_week add column organic_posts bigint;
alter table marts.chat_week add column newcomers_acknowledged bigint;
alter table marts.chat_week add column newcomer_care_rate double;
alter table marts.chat_week add column acknowledged_return_rate double;
alter table marts.chat_week add column reciprocity_rate double;
alter table marts.chat_week add column participation_gini double;
"""


def add_later_marts(con: duckdb.DuckDBPyConnection, shape: str = FULL) -> None:
    """Create the later marts and columns, empty (columns NULL)."""
    con.execute(shape)
