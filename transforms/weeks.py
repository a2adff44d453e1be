"""ISO weeks in a chat's time zone: labels, parsing and the last complete week."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


def week_label(week_start: date) -> str:
    """The ISO label YYYY-Www of the week starting on this Monday."""
    year, week, _ = week_start.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(label: str) -> date:
    """The Monday of an ISO week label such as 2026-W47."""
    match = WEEK_LABEL.match(label.strip())
    if not match:
        raise ValueError(f"'{label}' is not an ISO week such as 2026-W47")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"'{label}' is not a week of that year") from None


def week_end(week_start: date, timezone: str) -> datetime:
    """The instant the week ends: the following Monday 00:00 in the time zone."""
    return datetime.combine(week_start + timedelta(days=7), time(), ZoneInfo(timezone))


def week_start_of(instant: datetime, timezone: str) -> date:
    """The Monday of the ISO week holding this instant, in the time zone."""
    local = instant.astimezone(ZoneInfo(timezone)).date()
    return local - timedelta(days=local.weekday())


def last_complete_week(timezone: str, now: datetime | None = None) -> date:
    """The latest week whose week_end has passed in the time zone."""
    current = week_start_of(now or datetime.now(UTC), timezone)
    return current - timedelta(days=7)
