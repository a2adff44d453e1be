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
from warehouse.sql import sql_query

_ACCOUNTS = sql_query("transforms", "sponsors/sponsor_accounts")
_POSTS = sql_query("transforms", "sponsors/sponsor_posts")
_WEEK = sql_query("transforms", "sponsors/sponsor_week")


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
    con.execute(_ACCOUNTS)
    replace_recomputed_weeks(con, "marts.sponsor_posts", _POSTS)
    replace_recomputed_weeks(con, "marts.sponsor_week", _WEEK)
    con.execute("drop table sponsor_text_matches")
    con.execute("drop table sponsor_accounts_found")


SPONSOR_STEP = PythonStep(
    "sponsor_week",
    build_sponsor_week,
    temp_tables=("sponsor_text_matches", "sponsor_accounts_found"),
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
