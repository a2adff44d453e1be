"""One chat's settings: its hashtags, hosts, sponsors, schedules, sources and session."""

import re
import unicodedata
from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError
from pydantic import Field, field_validator

from config.section import Section

CRON = re.compile(r"^\s*(\S+\s+){4}\S+\s*$")


def text_key(value: str) -> str:
    """Text as METRICS.md compares it: NFKC-normalised and lower-cased."""
    return unicodedata.normalize("NFKC", value).lower()


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SESSION = re.compile(
    r"(?i)(?P<day>mon|tue|wed|thu|fri|sat|sun)\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
)


class ChatSettings(Section):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    hashtags: list[str] = Field(min_length=1)
    timezone: str = "UTC"
    hosts: list[str] = []
    sponsors: list[str] = []
    schedule: str = "0 6 * * 1"
    pull_schedule: str = "30 20 * * *"
    sources: list[Literal["x", "mastodon", "bluesky", "demo"]] = []
    snapshot_accounts: str = "all"
    recipients: list[str] = []
    alerts: list[str] = []
    session: str | None = None
    """When the chat's hour starts, "Wed 19:00" in its time zone: `serve` listens to
    Bluesky's stream around it (when the chat pulls bluesky)."""
    session_minutes: int = Field(default=60, ge=1, le=24 * 60)
    session_margin_minutes: int = Field(default=10, ge=0, le=120)

    @field_validator("session")
    @classmethod
    def _session(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = SESSION.fullmatch(value.strip())
        if not match or int(match["hour"]) > 23 or int(match["minute"]) > 59:
            raise ValueError(f"'{value}' is not a day and time like 'Wed 19:00'")
        return f"{match['day'].title()} {int(match['hour']):02d}:{match['minute']}"

    @property
    def listen_cron(self) -> str | None:
        """Cron (in the chat's time zone) of the start of listening: the session less its
        margin; None without a session."""
        if self.session is None:
            return None
        day, clock = self.session.split()
        hour, minute = (int(part) for part in clock.split(":"))
        start = DAYS.index(day) * 24 * 60 + hour * 60 + minute - self.session_margin_minutes
        start %= 7 * 24 * 60
        weekday = (start // (24 * 60) + 1) % 7  # cron: 0 is Sunday, DAYS starts on Monday
        return f"{start % 60} {start // 60 % 24} * * {weekday}"

    @property
    def listen_minutes(self) -> int:
        return self.session_minutes + 2 * self.session_margin_minutes

    @field_validator("hashtags")
    @classmethod
    def _hashtags_without_hash(cls, tags: list[str]) -> list[str]:
        cleaned = [tag.strip().lstrip("#") for tag in tags]
        if any(not tag for tag in cleaned):
            raise ValueError("a hashtag is empty")
        return cleaned

    @field_validator("hosts", "sponsors")
    @classmethod
    def _handles_without_at(cls, handles: list[str]) -> list[str]:
        return [handle.strip().lstrip("@") for handle in handles]

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{name}'") from None
        return name

    @field_validator("schedule", "pull_schedule")
    @classmethod
    def _cron(cls, expression: str) -> str:
        if not CRON.match(expression):
            raise ValueError(f"'{expression}' is not a five-field cron expression")
        try:
            CronSim(expression, datetime.now(UTC))
        except CronSimError as error:
            reason = str(error).lower() or "out of range"
            raise ValueError(f"'{expression}' is not a valid cron expression ({reason})") from None
        return expression

    @field_validator("snapshot_accounts")
    @classmethod
    def _snapshot_accounts(cls, value: str) -> str:
        if value != "all" and not re.fullmatch(r"recent:[1-9][0-9]*", value):
            raise ValueError("must be 'all' or 'recent:N'")
        return value

    @property
    def hashtag_keys(self) -> list[str]:
        """The chat's hashtags as compared with a post's."""
        return sorted({text_key(tag) for tag in self.hashtags})

    @property
    def host_keys(self) -> list[str]:
        return sorted({text_key(handle) for handle in self.hosts})

    @property
    def sponsor_keys(self) -> list[str]:
        return sorted({text_key(handle) for handle in self.sponsors})
