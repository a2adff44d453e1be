"""Whether a chat-week has suspiciously little data: its posts against the weeks before it.

A week with far fewer posts than usual more often means a pull missed posts than that the
community went quiet, so the sponsor page and the weekly mail carry a warning for it.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

TRAILING_WEEKS = 8
LOW_DATA_SHARE = 0.25
"""A week is suspiciously small with fewer posts than this share of the trailing median."""


@dataclass(frozen=True)
class Volume:
    """The week's posts against the median of the up-to-8 weeks before it."""

    posts: int
    trailing_median_posts: float | None
    weeks_compared: int

    @property
    def is_low(self) -> bool:
        """Fewer posts than a quarter of the trailing median (never without earlier weeks)."""
        median = self.trailing_median_posts
        return median is not None and self.posts < LOW_DATA_SHARE * median

    @property
    def warning(self) -> str | None:
        """What the sponsor page and the mail say when the week is suspiciously small, else None."""
        if not self.is_low:
            return None
        n = self.weeks_compared
        usual = "the week before it" if n == 1 else f"the median of the {n} weeks before it"
        return (
            f"Low data: this week has {self.posts:,} post{'' if self.posts == 1 else 's'}, "
            f"fewer than a quarter of {usual} ({self.trailing_median_posts:,.0f}). "
            "A pull may have missed posts: check the run before relying on these numbers."
        )


def week_volume(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> Volume:
    """The week's posts and the median posts of the up-to-8 weeks before it (chat_week)."""
    rows = con.execute(
        "select week_start, posts from marts.chat_week "
        "where chat = ? and week_start between ? and ? order by week_start",
        [chat, week_start - timedelta(weeks=TRAILING_WEEKS), week_start],
    ).fetchall()
    posts = next((int(count) for start, count in rows if start == week_start), 0)
    before = [int(count) for start, count in rows if start < week_start]
    median = float(statistics.median(before)) if before else None
    return Volume(posts, median, len(before))
