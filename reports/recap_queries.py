"""What the recap page of a chat-week reads: its session, its answers and the posts of the
hour, from marts.chat_session, marts.answer_posts and core.posts (bound parameters only).

Posts of opted-out and not-indexed accounts are left out of every list; they still count in
the marts' numbers.
"""

from datetime import date

import duckdb
import polars as pl

from reports.queries import _NAMES, OptOut, _frame

_POST_COLUMNS = """
    posts.platform, posts.post_id, posts.author_id, posts.text, posts.kind, posts.created_at,
    posts.urls, posts.like_count, posts.repost_count, posts.reply_count, posts.quote_count,
    posts.like_count + posts.repost_count + posts.reply_count + posts.quote_count as engagement
"""


def session(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> dict | None:
    """The chat_session row of the chat-week, if the week has one."""
    found = _frame(
        con,
        "select * from marts.chat_session where chat = $chat and week_start = $week",
        {"chat": chat, "week": week_start},
    ).to_dicts()
    return found[0] if found else None


def top_answers(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    per_question: int = 3,
) -> pl.DataFrame:
    """The most engaged answers of each question (most engagements, then the earliest)."""
    sql = f"""
        with
        ranked as (
            select answers.question_number, {_POST_COLUMNS},
            from marts.answer_posts as answers
            join core.posts as posts using (platform, post_id)
            where answers.chat = $chat and answers.week_start = $week
                and not list_contains($opted_out::varchar[],
                    posts.platform || ':' || posts.author_id)
            qualify row_number() over (
                partition by answers.question_number
                order by engagement desc, posts.created_at, posts.post_id
            ) <= $per_question
        ),
        keys as (select platform, author_id as account_id from ranked),
        {_NAMES}
        select ranked.*, names.handle, names.display_name,
            row_number() over (
                partition by question_number order by engagement desc, created_at, post_id
            ) as position,
        from ranked
        join names on names.platform = ranked.platform and names.account_id = ranked.author_id
        order by question_number, position
    """  # noqa: S608 - fixed SQL fragments only
    params = {
        "chat": chat,
        "week": week_start,
        "opted_out": list(opt_out.keys),
        "per_question": per_question,
    }
    return _frame(con, sql, params)


def question_links(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut, limit: int = 5
) -> pl.DataFrame:
    """The links shared in each question's answers: most answers sharing them first."""
    return _frame(
        con,
        """
        with shared as (
            select answers.question_number, unnest(posts.urls) as url, posts.post_id,
            from marts.answer_posts as answers
            join core.posts as posts using (platform, post_id)
            where answers.chat = $chat and answers.week_start = $week
                and not list_contains($opted_out::varchar[],
                    posts.platform || ':' || posts.author_id)
        )
        select question_number, url, count(distinct post_id) as answers,
        from shared
        group by question_number, url
        qualify row_number() over (
            partition by question_number order by answers desc, url
        ) <= $limit
        order by question_number, answers desc, url
        """,
        {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys), "limit": limit},
    )


def session_posts(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    hashtag_keys: list[str],
    limit: int = 5,
) -> pl.DataFrame:
    """The most engaged non-repost chat posts created during the week's session."""
    sql = f"""
        with
        window_of as (
            select session_start, session_end from marts.chat_session
            where chat = $chat and week_start = $week
        ),
        ranked as (
            select {_POST_COLUMNS},
            from core.posts as posts, window_of
            where posts.created_at >= window_of.session_start
                and posts.created_at < window_of.session_end
                and posts.kind <> 'repost'
                and list_has_any(posts.hashtag_keys, $tags::varchar[])
                and not list_contains($opted_out::varchar[],
                    posts.platform || ':' || posts.author_id)
            order by engagement desc, posts.created_at, posts.post_id
            limit $limit
        ),
        keys as (select platform, author_id as account_id from ranked),
        {_NAMES}
        select ranked.*, names.handle, names.display_name,
        from ranked
        join names on names.platform = ranked.platform and names.account_id = ranked.author_id
        order by engagement desc, created_at, post_id
    """  # noqa: S608 - fixed SQL fragments only
    params = {
        "chat": chat,
        "week": week_start,
        "opted_out": list(opt_out.keys),
        "tags": hashtag_keys,
        "limit": limit,
    }
    return _frame(con, sql, params).with_row_index("position", offset=1)
