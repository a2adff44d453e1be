"""chat_week's newcomer care (who was acknowledged, who came back the next week), set after
chat_week is rebuilt for its recomputed weeks and for the week before each: whether a week's
newcomers came back reads the week after it, and that is all of the week before that a
recomputed week changes, so it is not recomputed whole."""

import duckdb

from warehouse.sql import sql_query


def build_chat_week_newcomers(con: duckdb.DuckDBPyConnection) -> None:
    """Set the newcomer-care columns of the recomputed weeks and of the week before each."""
    con.execute(sql_query("transforms", "newcomers/chat_week_newcomers"))
