"""Parse `chatreach.toml` into one typed settings object; a bad key gets a one-line error.

Any setting can be overridden from the environment as `CHATREACH_<SECTION>__<KEY>` (e.g.
`CHATREACH_WAREHOUSE__PATH`, `CHATREACH_CHATS__TCHAT__TIMEZONE`; lists as JSON). The
environment wins over the file, the file over the defaults.
"""

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from config.chat import ChatSettings
from config.section import ConfigError, Section
from config.sources import SourcesSettings

DEFAULT_CONFIG_NAME = "chatreach.toml"
CONFIG_ENV = "CHATREACH_CONFIG"
ENV_PREFIX = "CHATREACH_"
SIZE = r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$"


class WarehouseSettings(Section):
    path: Path = Path("data/chatreach.duckdb")
    lock_timeout_seconds: float = Field(default=60.0, ge=0)
    memory_limit: str = Field(default="2GiB", pattern=SIZE)
    """What DuckDB may hold in memory; beyond it, it spills to temp files."""
    temp_limit: str = Field(default="2GiB", pattern=SIZE)
    """What DuckDB may spill to temp files beside the warehouse; beyond it, a step fails."""


class PrivacySettings(Section):
    opt_out: list[str] = []
    respect_nobot: bool = True  # accounts that ask not to be indexed count as opted out


class DeliverySettings(Section):
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username_env: str | None = None
    password_env: str | None = None
    sender: str = "chatreach@localhost"
    attempts: int = Field(default=3, ge=1, le=10)  # per message, then it has failed
    retry_delay_seconds: float = Field(default=10.0, ge=0)  # doubles after each attempt
    timeout_seconds: float = Field(default=30.0, gt=0)


class Settings(Section):
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
