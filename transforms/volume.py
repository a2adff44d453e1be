"""chat_week's low-data columns: each week's posts against the median of the up-to-8 weeks
before it. A week with far fewer posts than usual more often means a pull missed posts than
that the community went quiet; the sponsor page and the weekly mail warn of it.

They are set for every week of the chat after chat_week is rebuilt: a change in one week
moves the median of the eight after it, and a chat has one row a week, so this costs little.
"""

import duckdb

TRAILING_WEEKS = 8
LOW_DATA_SHARE = 0.25
"""A week is suspiciously small with fewer posts than this share of the trailing median."""

_UPDATE = f"""
update marts.chat_week set
    trailing_median_posts = volume.trailing_median_posts,
    trailing_weeks = volume.trailing_weeks,
    is_low_data = coalesce(chat_week.posts < {LOW_DATA_SHARE} * volume.trailing_median_posts,
        false),
from (
    select chat, week_start,
        median(posts) over before as trailing_median_posts,
        count(*) over before as trailing_weeks,
    from marts.chat_week
    where chat = (select chat from build_context)
    window before as (order by week_start
        range between interval {7 * TRAILING_WEEKS} days preceding and interval 7 days preceding)
) as volume
where chat_week.chat = volume.chat and chat_week.week_start = volume.week_start
"""  # noqa: S608 - numbers of ours only


def build_chat_week_volume(con: duckdb.DuckDBPyConnection) -> None:
    """Set trailing_median_posts, trailing_weeks and is_low_data for every week of the chat."""
    con.execute(_UPDATE)
