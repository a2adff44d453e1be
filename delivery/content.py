"""What the weekly mail says about a chat-week, read from the published warehouse.

Accounts that opted out are never named (they still count in totals), as in the reports.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from config.chat import ChatSettings
from reports.figures import OPTED_OUT
from reports.format import day
from reports.headline import HEADLINE_METRICS, headline_numbers, views_note
from reports.queries import common
from reports.queries.sponsor import top_contributors
from reports.volume import Volume, week_volume
from transforms.weeks import week_label

TOP_CONTRIBUTORS = 10
TREND_WEEKS = 12


@dataclass(frozen=True)
class HeadlineRow:
    """One headline number of the week and of the week before."""

    metric: str
    title: str
    value: float | None
    previous: float | None


@dataclass(frozen=True)
class Contributor:
    """One of the week's top contributors, as the mail shows them."""

    position: int
    name: str
    score: float | None
    reach: int
    posts: int
    engagements_received: int
    handle: str = ""
    """"@handle" (what a chart shows: display names may hold emoji no chart font has)."""


@dataclass(frozen=True)
class WeekContent:
    """Everything the weekly mail shows of one chat-week."""

    chat: ChatSettings
    week_start: date
    volume: Volume
    headline: list[HeadlineRow] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    score_title: str = "Engagements received"
    reach_by_week: list[tuple[str, int]] = field(default_factory=list)
    views_note: str = ""
    """What the views mean this week, and which networks report none (reports.headline)."""

    @property
    def label(self) -> str:
        return week_label(self.week_start)

    @property
    def dates(self) -> str:
        """'Mon 16 Nov 2026 – Sun 22 Nov 2026'."""
        return f"{day(self.week_start)} – {day(self.week_start + timedelta(days=6))}"

    @property
    def title(self) -> str:
        return f"#{self.chat.hashtags[0]} {self.label}"


def _contributors(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: Collection[str],
    respect_nobot: bool,
) -> tuple[list[Contributor], str]:
    has_influence = common.week_has_scores(con, chat.slug, week_start)
    order = "influence_score" if has_influence else "engagements_received"
    title = "Influence score" if has_influence else "Engagements received"
    hidden = common.resolve_opt_out(con, opt_out, respect_nobot=respect_nobot)
    frame = top_contributors(con, chat.slug, week_start, order, hidden, TOP_CONTRIBUTORS)
    people = []
    for row in frame.to_dicts():
        if row["is_opted_out"]:
            name = handle = OPTED_OUT
        else:
            handle = f"@{row['handle'] or row['account_id']}"
            name = f"{row['display_name']} ({handle})" if row["display_name"] else handle
        people.append(
            Contributor(
                int(row["position"]),
                name,
                row[order],
                int(row["reach"]),
                int(row["posts"]),
                int(row["engagements_received"]),
                handle,
            )
        )
    return people, title


def week_content(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: Collection[str] = (),
    respect_nobot: bool = True,
) -> WeekContent:
    """The headline numbers, top contributors, reach trend and volume of a chat-week."""
    numbers = headline_numbers(con, chat.slug, week_start)
    headline = [
        HeadlineRow(metric, title, numbers[metric]["value"], numbers[metric]["previous"])
        for metric, title in HEADLINE_METRICS
    ]
    contributors, score_title = _contributors(con, chat, week_start, opt_out, respect_nobot)
    weeks = common.chat_weeks(con, chat.slug, week_start).tail(TREND_WEEKS)
    this = weeks.filter(weeks["week_start"] == week_start).to_dicts()
    return WeekContent(
        chat=chat,
        week_start=week_start,
        volume=week_volume(con, chat.slug, week_start),
        headline=headline,
        contributors=contributors,
        score_title=score_title,
        reach_by_week=[(row["week_label"], int(row["reach"])) for row in weeks.to_dicts()],
        views_note=views_note(this[0] if this else None),
    )
