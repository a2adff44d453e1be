"""The simulated weeks: their bounds and chat sessions as UTC instants."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

US = 1_000_000
MINUTE = 60 * US
HOUR = 60 * MINUTE
DAY = 24 * HOUR
SESSION_WEEKDAY = 2  # Wednesday
SESSION_HOUR = 19
CAPTURE_HOUR_UTC = 6


@dataclass(frozen=True)
class Calendar:
    """Week bounds (`weeks + 1` instants, each a Monday 00:00 local) and session starts, in µs."""

    week_starts: tuple[dt.date, ...]
    bounds: np.ndarray
    sessions: np.ndarray

    @property
    def weeks(self) -> int:
        return len(self.week_starts)

    def captures(self) -> np.ndarray:
        """Daily follower capture instants at a fixed UTC hour inside the simulated weeks."""
        first_day = self.bounds[0] - self.bounds[0] % DAY + CAPTURE_HOUR_UTC * HOUR
        first = first_day if first_day >= self.bounds[0] else first_day + DAY
        return np.arange(first, self.bounds[-1], DAY, dtype=np.int64)

    def week_of(self, instants: np.ndarray) -> np.ndarray:
        """Index of the simulated week holding each instant."""
        return np.searchsorted(self.bounds, instants, side="right") - 1


def last_complete_week(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """Monday of the latest week whose end (the next Monday 00:00 local) has passed."""
    local = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(timezone))
    this_monday = local.date() - dt.timedelta(days=local.weekday())
    return this_monday - dt.timedelta(days=7)


def _instant(day: dt.date, hour: int, zone: ZoneInfo) -> int:
    """Microseconds since the epoch of a local wall-clock hour on a day."""
    local = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
    return int(local.timestamp()) * US


def calendar(end_week: dt.date, weeks: int, timezone: str) -> Calendar:
    """The `weeks` ISO weeks in `timezone` that end with the week starting `end_week`."""
    zone = ZoneInfo(timezone)
    starts = tuple(end_week - dt.timedelta(weeks=weeks - 1 - w) for w in range(weeks + 1))
    bounds = np.array([_instant(day, 0, zone) for day in starts], dtype=np.int64)
    sessions = np.array(
        [
            _instant(day + dt.timedelta(days=SESSION_WEEKDAY), SESSION_HOUR, zone)
            for day in starts[:-1]
        ],
        dtype=np.int64,
    )
    return Calendar(starts[:-1], bounds, sessions)
