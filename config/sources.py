"""Each source's settings: where it is read, which secrets it takes from the environment, and how
patiently its client waits."""

import re
from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from config.section import Section


class ApiSource(Section):
    """Bounds of an API source's HTTP client: a pull that would wait longer stops (resumable)."""

    max_retries: int = Field(default=5, ge=0)
    max_wait_seconds: float = Field(default=900.0, ge=0)
    max_total_wait_seconds: float = Field(default=3600.0, ge=0)


class XSource(ApiSource):
    base_url: str = "https://api.x.com"
    token_env: str = "X_BEARER_TOKEN"
    search: Literal["recent", "all"] = "recent"
    read_price_usd: float = Field(default=0.005, ge=0)


class MastodonSource(ApiSource):
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


class BlueskySource(ApiSource):
    base_url: str = "https://bsky.social"
    handle_env: str = "BLUESKY_HANDLE"
    password_env: str = "BLUESKY_APP_PASSWORD"


class JetstreamSource(Section):
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


class DemoSource(Section):
    """The built-in simulator, used by `chatreach demo` and by chats whose sources list "demo"."""

    seed: int = 7
    weeks: int = Field(default=12, ge=1, le=520)
    end_week: date | None = None
    community_size: int = Field(default=400, ge=10)


class SourcesSettings(Section):
    demo: DemoSource = DemoSource()
    x: XSource = XSource()
    mastodon: MastodonSource = MastodonSource()
    bluesky: BlueskySource = BlueskySource()
    jetstream: JetstreamSource = JetstreamSource()
