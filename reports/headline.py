"""The week's headline numbers, with the previous week's, for summaries outside the pages."""

from datetime import date

import duckdb

from reports import format as fmt
from reports.queries.sponsor import headline

HEADLINE_METRICS = (
    ("participants", "Participants"),
    ("new_participants", "New participants"),
    ("posts", "Posts"),
    ("impressions", "Impressions"),
    ("views", "Views"),
    ("reach", "Reach"),
    ("engagements", "Engagements"),
)
"""The chat_week columns the headline shows, with their titles, in order."""


def headline_numbers(con: duckdb.DuckDBPyConnection, chat_slug: str, week_start: date) -> dict:
    """{metric: {"value": this week's, "previous": the week before's}} for each headline metric.

    A value is None when the chat has no chat_week row for that week.
    """
    frame = headline(con, chat_slug, week_start)
    this = frame.filter(frame["week_start"] == week_start).to_dicts()
    before = frame.filter(frame["week_start"] != week_start).to_dicts()
    return {
        metric: {
            "value": this[0][metric] if this else None,
            "previous": before[0][metric] if before else None,
        }
        for metric, _ in HEADLINE_METRICS
    }


PLATFORM_NAMES = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "demo": "the simulator"}


def views_note(week: dict | None) -> str:
    """One sentence on the week's views (a chat_week row): how many posts report them, and in
    words which networks report none, so that a missing number is not read as zero."""
    if not week or not week.get("posts"):
        return ""
    silent = [PLATFORM_NAMES.get(p, p) for p in week.get("platforms_without_views") or ()]
    said = []
    if week.get("posts_with_views"):
        said.append(
            f"Views are the networks' own count: {fmt.number(week['views'])} over the "
            f"{fmt.number(week['posts_with_views'])} of the week's "
            f"{fmt.count(week['posts'], 'post')} that report them; impressions are potential "
            "(each author's followers at the post)."
        )
    if silent:
        names = silent[0] if len(silent) == 1 else ", ".join(silent[:-1]) + " and " + silent[-1]
        verb, whose = ("reports", "its") if len(silent) == 1 else ("report", "their")
        said.append(f"{names} {verb} no views: the views of {whose} posts are unknown, not zero.")
    return " ".join(said)


def headline_table(numbers: dict) -> list[dict[str, str]]:
    """headline_numbers as table rows: metric, this week, previous week, change."""
    return [
        {
            "metric": name,
            "this week": fmt.number(numbers[metric]["value"]),
            "previous week": fmt.number(numbers[metric]["previous"]),
            "change": fmt.change(numbers[metric]["value"], numbers[metric]["previous"]),
        }
        for metric, name in HEADLINE_METRICS
    ]
