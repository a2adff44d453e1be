"""marts.sponsor_posts and marts.sponsor_week: the chat posts that name each configured
sponsor, and what it got from each chat-week.

A post names a sponsor when it mentions one of the sponsor's accounts by id or its text holds
`@handle` with no letter, digit or underscore just before or after it, the text compared as
all text is (NFKC-normalised, lower-cased). DuckDB has no NFKC and its regular expressions
are ASCII-minded, so the text test runs in polars, in one vectorised pass per sponsor over the
recomputed weeks' non-repost chat posts; the rest is SQL.
"""

import re

import duckdb
import polars as pl

from transforms.steps import PythonStep, replace_recomputed_weeks

_SPONSOR_ACCOUNTS = """
context as (select * from build_context),

sponsors as (select unnest(context.sponsor_keys) as sponsor from context),

handles as (
    select platform, author_id as account_id, author_handle_key as handle_key from core.posts
    union
    select platform, account_id, lower(handle) as handle_key from core.accounts
),

sponsor_accounts as (
    select distinct sponsors.sponsor, handles.platform, handles.account_id,
    from sponsors join handles on handles.handle_key = sponsors.sponsor
),

weeks as (select week_start, week_label from int_chat_weeks where is_dirty)
"""

_POSTS = f"""
with
{_SPONSOR_ACCOUNTS},

posts as (select * from int_week_posts where kind <> 'repost'),

by_mention as (
    select sponsor_accounts.sponsor, posts.platform, posts.post_id,
    from posts
    join sponsor_accounts
        on sponsor_accounts.platform = posts.platform
        and list_contains(posts.mention_ids, sponsor_accounts.account_id)
),

named as (
    select distinct sponsor, platform, post_id from (
        select * from by_mention
        union all
        select sponsor, platform, post_id from sponsor_text_matches
    )
)

select context.chat, posts.week_start, posts.week_label, named.sponsor, posts.platform,
    posts.post_id, posts.author_id, posts.created_at,
    followers_at.followers as impressions,
    posts.like_count + posts.repost_count + posts.reply_count + posts.quote_count
        as engagements,
from named
join posts using (platform, post_id)
join int_followers_at as followers_at
    on followers_at.platform = posts.platform
    and followers_at.account_id = posts.author_id
    and followers_at.at = posts.created_at
cross join context
where not exists (
    select 1 from sponsor_accounts as own
    where own.sponsor = named.sponsor and own.platform = posts.platform
        and own.account_id = posts.author_id
)
"""  # noqa: S608 - fixed SQL fragments only

_WEEK = f"""
with
{_SPONSOR_ACCOUNTS},

naming as (
    select sponsor_posts.*,
    from marts.sponsor_posts
    join context on sponsor_posts.chat = context.chat
    semi join weeks using (week_start)
),

per_post as (
    select week_start, sponsor,
        count(*) as posts_naming,
        count(distinct (platform, author_id)) as authors_naming,
        sum(impressions) as impressions_naming,
        sum(engagements) as engagements_naming,
    from naming
    group by all
),

authors as (
    select distinct week_start, sponsor, platform, author_id as account_id from naming
),

author_reach as (
    select authors.week_start, authors.sponsor,
        sum(account_week.followers_at_week_end) as reach_of_authors,
    from authors
    cross join context
    join marts.account_week
        on account_week.chat = context.chat
        and account_week.week_start = authors.week_start
        and account_week.platform = authors.platform
        and account_week.account_id = authors.account_id
    group by all
),

own as (
    select weeks.week_start, sponsor_accounts.sponsor,
        count(*) as own_rows,
        sum(account_week.posts) as own_posts,
        sum(account_week.mentions_received) as mentions_received,
        sum(account_week.reach) as reach,
        max(account_week.influence_score) as influence_score,
    from weeks
    cross join context
    join marts.account_week
        on account_week.chat = context.chat and account_week.week_start = weeks.week_start
    join sponsor_accounts
        on sponsor_accounts.platform = account_week.platform
        and sponsor_accounts.account_id = account_week.account_id
    group by all
),

known as (
    select sponsors.sponsor, count(sponsor_accounts.account_id) as accounts_known,
    from sponsors
    left join sponsor_accounts using (sponsor)
    group by all
)

select
    context.chat,
    weeks.week_start,
    weeks.week_label,
    sponsors.sponsor,
    known.accounts_known,
    coalesce(per_post.posts_naming, 0) as posts_naming,
    coalesce(per_post.authors_naming, 0) as authors_naming,
    coalesce(per_post.impressions_naming, 0) as impressions_naming,
    coalesce(author_reach.reach_of_authors, 0) as reach_of_authors,
    coalesce(per_post.engagements_naming, 0) as engagements_naming,
    coalesce(own.mentions_received, 0) as mentions_received,
    own.own_posts,
    own.reach,
    own.influence_score,
from weeks
cross join context
cross join sponsors
join known using (sponsor)
left join per_post using (week_start, sponsor)
left join author_reach using (week_start, sponsor)
left join own using (week_start, sponsor)
"""  # noqa: S608 - fixed SQL fragments only


def text_pattern(sponsor: str) -> str:
    """`@sponsor` with no letter, digit or underscore just before or after it."""
    return rf"(?:^|[^\p{{L}}\p{{N}}_])@{re.escape(sponsor)}(?:[^\p{{L}}\p{{N}}_]|$)"


def build_sponsor_week(con: duckdb.DuckDBPyConnection) -> None:
    """marts.sponsor_posts, then marts.sponsor_week from it, for the recomputed weeks."""
    sponsors = con.execute("select unnest(sponsor_keys) from build_context").fetchall()
    posts = con.sql(
        "select platform, post_id, text from int_week_posts where kind <> 'repost'"
    ).pl()
    text = pl.col("text").str.normalize("NFKC").str.to_lowercase()
    matches = pl.concat(
        [
            posts.filter(text.str.contains(text_pattern(sponsor))).select(
                pl.lit(sponsor).alias("sponsor"), "platform", "post_id"
            )
            for (sponsor,) in sponsors
        ]
        or [
            pl.DataFrame(schema={"sponsor": pl.String, "platform": pl.String, "post_id": pl.String})
        ]
    )
    con.register("sponsor_text_frame", matches)
    try:
        con.execute(
            "create or replace temp table sponsor_text_matches as "
            "select sponsor, platform, post_id from sponsor_text_frame"
        )
    finally:
        con.unregister("sponsor_text_frame")
    replace_recomputed_weeks(con, "marts.sponsor_posts", _POSTS)
    replace_recomputed_weeks(con, "marts.sponsor_week", _WEEK)
    con.execute("drop table sponsor_text_matches")


SPONSOR_STEP = PythonStep(
    "sponsor_week",
    build_sponsor_week,
    temp_tables=("sponsor_text_matches",),
    reads=(
        "int_week_posts",
        "int_chat_weeks",
        "int_followers_at",
        "marts.account_week",
        "core.posts",
        "core.accounts",
        "marts.sponsor_posts",
    ),
    writes=("marts.sponsor_posts", "marts.sponsor_week"),
)
