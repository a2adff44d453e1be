"""ops.chat_posts, the chat's posts as matched by its last build, brought up to date with
core.posts: a full build matches every post again, an incremental one only the posts
created at an instant that a change since the last build names. Matching a post means
comparing its hashtags with the chat's and placing it in a week of the chat's time zone
(a time-zone conversion a post): 0.2 s of every build for a year of posts, before.
"""

import duckdb

from transforms.steps import PythonStep
from warehouse.sql import scalar, sql_query


def _query(name: str, **slots: str) -> str:
    return sql_query("transforms", f"chat_posts/{name}", **slots)


def refresh_chat_posts(con: duckdb.DuckDBPyConnection) -> None:
    """Match again the chat's posts that may have changed since its last build."""
    if scalar(con, "select getvariable('full_build')"):
        con.execute("delete from ops.chat_posts where chat = (select chat from build_context)")
        con.execute(_query("matching", posts="core.posts"))
        return
    con.execute(f"create or replace temp table chat_post_instants as {_query('changed_instants')}")
    con.execute(_query("forget_changed"))
    con.execute(_query("matching", posts=f"({_query('changed_posts')})"))


CHAT_POSTS_STEP = PythonStep(
    "chat_posts",
    refresh_chat_posts,
    temp_tables=("chat_post_instants",),
    reads=("core.posts", "ops.changes", "build_context"),
    writes=("ops.chat_posts",),
)
