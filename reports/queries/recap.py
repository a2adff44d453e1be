"""What the recap page of a chat-week reads: its session, its answers and the posts of the
hour, from marts.chat_session, marts.answer_posts and core.posts.

Posts of opted-out and not-indexed accounts are left out of every list; they still count in
the marts' numbers.
"""

from datetime import date

import duckdb
import polars as pl

from reports.queries.common import OptOut, run


def session(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> dict | None:
    """The chat_session row of the chat-week, if the week has one."""
    found = run(con, "session", {"chat": chat, "week": week_start}).to_dicts()
    return found[0] if found else None


def top_answers(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    per_question: int = 3,
) -> pl.DataFrame:
    """The most engaged answers of each question (most engagements, then the earliest)."""
    params = {
        "chat": chat,
        "week": week_start,
        "opted_out": list(opt_out.keys),
        "per_question": per_question,
    }
    return run(con, "top_answers", params)


def question_links(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut, limit: int = 5
) -> pl.DataFrame:
    """The links shared in each question's answers: most answers sharing them first."""
    params = {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys), "limit": limit}
    return run(con, "question_links", params)


def session_posts(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    hashtag_keys: list[str],
    limit: int = 5,
) -> pl.DataFrame:
    """The most engaged non-repost chat posts created during the week's session."""
    params = {
        "chat": chat,
        "week": week_start,
        "opted_out": list(opt_out.keys),
        "tags": hashtag_keys,
        "limit": limit,
    }
    return run(con, "session_posts", params).with_row_index("position", offset=1)
