"""Whether a chat-week has suspiciously little data: its posts against the weeks before it.

A week with far fewer posts than usual more often means a pull missed posts than that the
community went quiet, so the sponsor page and the weekly mail carry a warning for it.
"""

from dataclasses import dataclass
from datetime import date

import duckdb


@dataclass(frozen=True)
class Volume:
    """The week's posts against the median of the up-to-8 weeks before it (chat_week's
    trailing_median_posts, trailing_weeks and is_low_data)."""

    posts: int
    trailing_median_posts: float | None
    weeks_compared: int
    is_low: bool = False
    """Fewer posts than a quarter of the trailing median (never without earlier weeks)."""

    @property
    def warning(self) -> str | None:
        """What the sponsor page and the mail say when the week is suspiciously small, else None."""
        if not self.is_low:
            return None
        if self.trailing_median_posts is None:
            return (
                "Low data: this week has no chat posts at all, though the chat had posts in "
                "the weeks before it. A pull may have missed posts: check the run before "
                "relying on these numbers."
            )
        n = self.weeks_compared
        usual = "the week before it" if n == 1 else f"the median of the {n} weeks before it"
        return (
            f"Low data: this week has {self.posts:,} post{'' if self.posts == 1 else 's'}, "
            f"fewer than a quarter of {usual} ({self.trailing_median_posts:,.0f}). "
            "A pull may have missed posts: check the run before relying on these numbers."
        )


def week_volume(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> Volume:
    """The week's posts and low-data columns from chat_week. A week after the chat's last row
    has no chat post at all: low when the chat has weeks before it."""
    row = con.execute(
        "select posts, trailing_median_posts, trailing_weeks, is_low_data from marts.chat_week "
        "where chat = ? and week_start = ?",
        [chat, week_start],
    ).fetchall()
    if not row:
        earlier = con.execute(
            "select count(*) from marts.chat_week where chat = ? and week_start < ?",
            [chat, week_start],
        ).fetchall()[0][0]
        return Volume(0, None, 0, bool(earlier))
    posts, median, weeks, is_low = row[0]
    return Volume(int(posts), median, int(weeks or 0), bool(is_low))
