"""chat_week's low-data columns: each week's posts against the median of the up-to-8 weeks
before it. A week with far fewer posts than usual more often means a pull missed posts than
that the community went quiet; the sponsor page and the weekly mail warn of it.

They are set for every week of the chat after chat_week is rebuilt: a change in one week
moves the median of the eight after it, and a chat has one row a week, so this costs little.
"""

import duckdb

from warehouse.sql import sql_query

TRAILING_WEEKS = 8
LOW_DATA_SHARE = 0.25
"""A week is suspiciously small with fewer posts than this share of the trailing median."""


def build_chat_week_volume(con: duckdb.DuckDBPyConnection) -> None:
    """Set trailing_median_posts, trailing_weeks and is_low_data for every week of the chat."""
    con.execute(
        sql_query(
            "transforms",
            "volume/chat_week_volume",
            trailing_weeks=str(TRAILING_WEEKS),
            trailing_days=str(7 * TRAILING_WEEKS),
            low_data_share=str(LOW_DATA_SHARE),
        )
    )
