"""The marts other engineers are still building, made here with the names METRICS.md gives.

The report sections that read them are tested on these stand-ins. Two shapes: MINIMAL has just
the columns METRICS.md names; FULL has the columns of the migrations being written now
(0002, 0003). The values are inserted by each test (or, for a demo, derived simply from the
base marts by `fill_from_base`), not computed as the real transforms will.
"""

import duckdb

MINIMAL = """
create table marts.question_week (
    chat varchar, week_start date, question_number integer, question_post_id varchar,
    question_text varchar, answers bigint, answerers bigint, answer_engagements bigint
);
create table marts.link_week (
    chat varchar, week_start date, url varchar, domain varchar, shares bigint, sharers bigint,
    reposts bigint
);
create table marts.chat_lift (
    chat varchar, week_start date, window_weeks integer, accounts_compared bigint,
    lift_median double, participating_growth_median double, nonparticipating_growth_median double
);
alter table marts.account_week add column influence_pagerank double;
alter table marts.account_week add column influence_rank bigint;
alter table marts.account_week add column influence_score double;
"""

FULL = """
create table marts.question_week (
    chat varchar, week_start date, week_label varchar, question_number integer,
    question_post_id varchar, question_platform varchar, question_author_id varchar,
    question_created_at timestamptz, question_text varchar, answers bigint, answerers bigint,
    answer_engagements bigint
);
create table marts.link_week (
    chat varchar, week_start date, week_label varchar, url varchar, domain varchar,
    shares bigint, sharers bigint, reposts bigint
);
create table marts.chat_lift (
    chat varchar, week_start date, week_label varchar, window_weeks integer,
    accounts_compared bigint, lift_median double, participating_growth_median double,
    nonparticipating_growth_median double
);
create table marts.gaming_signals (
    chat varchar, week_start date, week_label varchar, platform varchar, account_id varchar,
    signal varchar, value double, threshold double, evidence varchar, related_accounts varchar[]
);
alter table marts.account_week add column influence_pagerank double;
alter table marts.account_week add column influence_rank bigint;
alter table marts.account_week add column influence_score double;
alter table marts.account_week add column amplifiers bigint;
alter table marts.account_week add column replies_given bigint;
alter table marts.account_week add column mentions_given bigint;
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


def fill_from_base(con: duckdb.DuckDBPyConnection, chat: str, hashtag_keys: list[str]) -> None:
    """Plausible FULL later marts from account_week, chat_week and core.posts (for a demo)."""
    add_later_marts(con, FULL)
    con.execute(
        """
        update marts.account_week set influence_pagerank = ranked.pagerank,
            influence_rank = ranked.position, influence_score = ranked.score,
            amplifiers = least(reposts_received + quotes_received, 9),
            replies_given = posts // 2, mentions_given = posts // 3,
            interaction_partners = posts, reciprocal_partners = posts // 2,
            reciprocity_rate = case when posts > 0 then (posts // 2) / posts end
        from (
            select platform, account_id, week_start,
                (engagements_received + mentions_received + 1.0)
                    / sum(engagements_received + mentions_received + 1.0)
                        over (partition by week_start) as pagerank,
                row_number() over (partition by week_start
                    order by engagements_received + mentions_received desc, account_id) as position,
                100.0 * (engagements_received + mentions_received + 1.0)
                    / max(engagements_received + mentions_received + 1.0)
                        over (partition by week_start) as score,
            from marts.account_week where chat = $chat
        ) as ranked
        where account_week.chat = $chat and account_week.platform = ranked.platform
            and account_week.account_id = ranked.account_id
            and account_week.week_start = ranked.week_start
        """,
        {"chat": chat},
    )
    con.execute(
        """
        update marts.chat_week set
            organic_participants = greatest(participants - 2, 0),
            organic_posts = greatest(posts - 12, 0),
            newcomers_acknowledged = new_participants // 2,
            newcomer_care_rate = case when new_participants > 0 then 0.5 end,
            acknowledged_return_rate = 0.4,
            reciprocity_rate = case when posts > 0 then replies / posts / 2 end,
            participation_gini = 0.45
        where chat = $chat
        """,
        {"chat": chat},
    )
    con.execute(
        """
        insert into marts.question_week
        select $chat, week_start, strftime(week_start, '%G-W%V'), number, min(post_id),
            'demo', min(author_id), min(created_at), min(text), count(*) * 9, count(*) * 7,
            count(*) * 30
        from (
            select *, cast(regexp_extract(text, '^\\s*[Qq]([0-9]{1,2})', 1) as integer) as number,
                cast(date_trunc('week', timezone('America/New_York', created_at)) as date)
                    as week_start,
            from core.posts
            where regexp_matches(text, '^\\s*[Qq][0-9]{1,2}[^0-9A-Za-z_]')
                and list_has_any(hashtag_keys, $keys::varchar[]) and kind <> 'repost'
        )
        group by all
        """,
        {"chat": chat, "keys": hashtag_keys},
    )
    con.execute(
        """
        insert into marts.link_week
        select $chat, week_start, strftime(week_start, '%G-W%V'), url,
            regexp_extract(url, '^https?://(?:www\\.)?([^/]+)', 1), count(*),
            count(distinct author_id), 0
        from (
            select unnest(urls) as url, author_id,
                cast(date_trunc('week', timezone('America/New_York', created_at)) as date)
                    as week_start,
            from core.posts
            where list_has_any(hashtag_keys, $keys::varchar[]) and kind <> 'repost'
        )
        group by all
        """,
        {"chat": chat, "keys": hashtag_keys},
    )
    con.execute(
        """
        insert into marts.chat_lift
        select chat, week_start, week_label, 12, participants // 3,
            0.001 * (row_number() over (order by week_start) % 4),
            0.004 + 0.001 * (row_number() over (order by week_start) % 3), 0.003
        from marts.chat_week where chat = $chat
        """,
        {"chat": chat},
    )
    con.execute(
        """
        insert into marts.gaming_signals
        select chat, week_start, week_label, platform, account_id, 'reply ring',
            replies_received, 5, 'replies within minutes from the same accounts', []
        from marts.account_week
        where chat = $chat and replies_received >= 5
        order by week_start desc, replies_received desc
        limit 5
        """,
        {"chat": chat},
    )
