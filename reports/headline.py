"""The week's headline numbers, with the previous week's, for summaries outside the pages."""

from datetime import date

import duckdb

from reports import format as fmt
from reports.queries import headline

HEADLINE_METRICS = (
    ("participants", "Participants"),
    ("new_participants", "New participants"),
    ("posts", "Posts"),
    ("impressions", "Impressions"),
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
