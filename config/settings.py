"""Parse `chatreach.toml` into one typed settings object; a bad key gets a one-line error.

Any setting can be overridden from the environment as `CHATREACH_<SECTION>__<KEY>` (e.g.
`CHATREACH_WAREHOUSE__PATH`, `CHATREACH_CHATS__TCHAT__TIMEZONE`; lists as JSON). The
environment wins over the file, the file over the defaults.
"""

import os
import re
import tomllib
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

DEFAULT_CONFIG_NAME = "chatreach.toml"
CONFIG_ENV = "CHATREACH_CONFIG"
ENV_PREFIX = "CHATREACH_"
CRON = re.compile(r"^\s*(\S+\s+){4}\S+\s*$")


class ConfigError(ValueError):
    """The configuration is missing or invalid; the message is one line naming the key."""


def text_key(value: str) -> str:
    """Text as METRICS.md compares it: NFKC-normalised and lower-cased."""
    return unicodedata.normalize("NFKC", value).lower()


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


SIZE = r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$"


class WarehouseSettings(_Section):
    path: Path = Path("data/chatreach.duckdb")
    lock_timeout_seconds: float = Field(default=60.0, ge=0)
    memory_limit: str = Field(default="2GiB", pattern=SIZE)
    """What DuckDB may hold in memory; beyond it, it spills to temp files."""
    temp_limit: str = Field(default="2GiB", pattern=SIZE)
    """What DuckDB may spill to temp files beside the warehouse; beyond it, a step fails."""


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SESSION = re.compile(
    r"(?i)(?P<day>mon|tue|wed|thu|fri|sat|sun)\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
)


class ChatSettings(_Section):
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


class PrivacySettings(_Section):
    opt_out: list[str] = []
    respect_nobot: bool = True  # accounts that ask not to be indexed count as opted out


class _ApiSource(_Section):
    """Bounds of an API source's HTTP client: a pull that would wait longer stops (resumable)."""

    max_retries: int = Field(default=5, ge=0)
    max_wait_seconds: float = Field(default=900.0, ge=0)
    max_total_wait_seconds: float = Field(default=3600.0, ge=0)


class XSource(_ApiSource):
    base_url: str = "https://api.x.com"
    token_env: str = "X_BEARER_TOKEN"
    search: Literal["recent", "all"] = "recent"
    read_price_usd: float = Field(default=0.005, ge=0)


class MastodonSource(_ApiSource):
    base_url: str = "https://mastodon.social"
    token_env: str = "MASTODON_ACCESS_TOKEN"
    instances: list[str] = []
    """Instances whose hashtag timelines are read, the first being the home instance (whose
    ids the posts keep); empty: `base_url` alone."""

    @field_validator("instances")
    @classmethod
    def _instances(cls, value: list[str]) -> list[str]:
        urls = [url.rstrip("/") for url in value]
        for url in urls:
            if not re.fullmatch(r"https?://[^/\s?#]+", url):
                raise ValueError(f"{url!r} is not an instance's base URL (https://host)")
        if len(set(urls)) != len(urls):
            raise ValueError("an instance is listed twice")
        return urls

    @model_validator(mode="after")
    def _home_is_base_url(self) -> "MastodonSource":
        if self.instances and "base_url" in self.model_fields_set:
            if self.base_url.rstrip("/") != self.instances[0]:
                raise ValueError(
                    "base_url and the first of instances name different home instances: "
                    "list the home instance first in instances and leave base_url out"
                )
        return self

    @property
    def instance_urls(self) -> list[str]:
        """Every instance read, the home instance first."""
        return self.instances or [self.base_url.rstrip("/")]

    @property
    def home_url(self) -> str:
        return self.instance_urls[0]


class BlueskySource(_ApiSource):
    base_url: str = "https://bsky.social"
    handle_env: str = "BLUESKY_HANDLE"
    password_env: str = "BLUESKY_APP_PASSWORD"


class JetstreamSource(_Section):
    """Bluesky's live stream: where to listen, where to hydrate, and how patiently."""

    url: str = "wss://jetstream2.us-east.bsky.network/subscribe"
    appview_url: str = "https://public.api.bsky.app"
    idle_seconds: float = Field(default=30.0, gt=0)
    """With --until in the past: stop after the stream has been quiet this long."""
    batch_seconds: float = Field(default=15.0, gt=0)
    """How often the kept events are written (each batch is one short write)."""
    cursor_margin_seconds: float = Field(default=5.0, ge=0)
    """A resumed stream starts this much before the last committed cursor."""
    max_reconnects: int = Field(default=10, ge=0)
    max_backoff_seconds: float = Field(default=30.0, ge=0)

    @field_validator("url")
    @classmethod
    def _websocket(cls, value: str) -> str:
        if not re.fullmatch(r"wss?://[^\s]+", value):
            raise ValueError(f"{value!r} is not a ws:// or wss:// URL")
        return value


class DemoSource(_Section):
    """The built-in simulator, used by `chatreach demo` and by chats whose sources list "demo"."""

    seed: int = 7
    weeks: int = Field(default=12, ge=1, le=520)
    end_week: date | None = None
    community_size: int = Field(default=400, ge=10)


class SourcesSettings(_Section):
    demo: DemoSource = DemoSource()
    x: XSource = XSource()
    mastodon: MastodonSource = MastodonSource()
    bluesky: BlueskySource = BlueskySource()
    jetstream: JetstreamSource = JetstreamSource()


class DeliverySettings(_Section):
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username_env: str | None = None
    password_env: str | None = None
    sender: str = "chatreach@localhost"
    attempts: int = Field(default=3, ge=1, le=10)  # per message, then it has failed
    retry_delay_seconds: float = Field(default=10.0, ge=0)  # doubles after each attempt
    timeout_seconds: float = Field(default=30.0, gt=0)


class Settings(_Section):
    warehouse: WarehouseSettings = WarehouseSettings()
    chats: dict[str, ChatSettings] = {}
    privacy: PrivacySettings = PrivacySettings()
    sources: SourcesSettings = SourcesSettings()
    delivery: DeliverySettings = DeliverySettings()

    def chat(self, slug: str) -> ChatSettings:
        """The chat with this slug, or a ConfigError listing the configured ones."""
        if slug not in self.chats:
            known = ", ".join(sorted(self.chats)) or "none"
            raise ConfigError(f"unknown chat '{slug}' (configured: {known})")
        return self.chats[slug]


def _with_slugs(data: dict[str, Any]) -> dict[str, Any]:
    chats = data.get("chats")
    if isinstance(chats, dict):
        data = {
            **data,
            "chats": {
                slug: {"slug": slug, **chat} if isinstance(chat, dict) else chat
                for slug, chat in chats.items()
            },
        }
    return data


class _Environment(BaseSettings):
    """The settings' shape, for reading `CHATREACH_<SECTION>__<KEY>` variables."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", case_sensitive=False, extra="ignore"
    )
    warehouse: WarehouseSettings = WarehouseSettings()
    chats: dict[str, ChatSettings] = {}
    privacy: PrivacySettings = PrivacySettings()
    sources: SourcesSettings = SourcesSettings()
    delivery: DeliverySettings = DeliverySettings()


def environment_overrides() -> dict[str, Any]:
    """The settings given in the environment, as nested values (a relative warehouse path is
    taken from the current directory)."""
    try:
        found = EnvSettingsSource(_Environment)()
    except Exception as error:  # pydantic-settings' SettingsError: a value that is not JSON
        raise ConfigError(
            f"environment: {error} (lists are given as JSON, e.g. "
            """CHATREACH_CHATS__TCHAT__HASHTAGS='["TChat"]')"""
        ) from None
    path = found.get("warehouse", {}).get("path")
    if path is not None:
        found["warehouse"]["path"] = str(Path(path).expanduser().resolve())
    return found


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _variable(location: tuple[Any, ...]) -> str:
    return ENV_PREFIX + "__".join(str(part) for part in location).upper()


def _given(tree: dict[str, Any], location: tuple[Any, ...]) -> bool:
    node: Any = tree
    for part in location:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _first_error(
    error: ValidationError, source: str, environment: dict[str, Any] | None = None
) -> ConfigError:
    detail = error.errors()[0]
    location = ".".join(str(part) for part in detail["loc"])
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "extra_forbidden":
        message = "unknown key"
    elif detail["type"] == "missing":
        message = "missing key"
    loc = tuple(detail["loc"])
    if environment and any(_given(environment, loc[:n]) for n in range(len(loc), 0, -1)):
        depth = max(n for n in range(len(loc), 0, -1) if _given(environment, loc[:n]))
        return ConfigError(f"environment: {_variable(loc[:depth])}: {location}: {message}")
    return ConfigError(f"{source}: {location}: {message}")


def settings_from_dict(
    data: dict[str, Any],
    base_dir: Path,
    source: str,
    environment: dict[str, Any] | None = None,
) -> Settings:
    """Settings from parsed TOML, with `environment` overrides on top; relative paths in the
    file are taken from base_dir."""
    data = _with_slugs(data)
    section = data.get("warehouse")
    path = section.get("path") if isinstance(section, dict) else None
    if isinstance(path, str) and not Path(path).is_absolute():
        data = _merged(data, {"warehouse": {"path": str((base_dir / path).resolve())}})
    if environment:
        data = _merged(data, _with_slugs(environment))
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise _first_error(error, source, environment) from None
    path = settings.warehouse.path
    if not path.is_absolute():
        path = (base_dir / path).resolve()
    warehouse = settings.warehouse.model_copy(update={"path": path})
    return settings.model_copy(update={"warehouse": warehouse})


def find_config(explicit: Path | None) -> Path | None:
    """--config (which the command line also fills from $CHATREACH_CONFIG), else
    $CHATREACH_CONFIG, else ./chatreach.toml if it exists."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.exists() else None


def load_settings(explicit: Path | None = None) -> Settings:
    """The settings of the configuration file found by `find_config`, with the environment's
    `CHATREACH_<SECTION>__<KEY>` overrides."""
    path = find_config(explicit)
    if path is None:
        raise ConfigError(
            "no configuration: pass --config PATH, set CHATREACH_CONFIG or create ./chatreach.toml"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return settings_from_dict(data, path.resolve().parent, str(path), environment_overrides())
