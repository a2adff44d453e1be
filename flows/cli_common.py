"""What every `chatreach` command shares: its options, its settings, and one-line errors."""

from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, NoReturn
from zoneinfo import ZoneInfo

import typer

from config.section import ConfigError
from config.settings import CONFIG_ENV, Settings, find_config, load_settings

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar=CONFIG_ENV,
        show_envvar=False,
        help="chatreach.toml (default: $CHATREACH_CONFIG, ./chatreach.toml)",
    ),
]
ChatOption = Annotated[str, typer.Option("--chat", help="The chat's slug in the configuration.")]
WeekOption = Annotated[
    str | None, typer.Option("--week", help="ISO week, e.g. 2026-W47 (default: last complete week)")
]


class State:
    config: Path | None = None


def fail(message: str) -> NoReturn:
    typer.echo(f"chatreach: error: {message}", err=True)
    raise typer.Exit(code=1)


def settings() -> Settings:
    return load_settings(State.config)


def config_path() -> Path:
    """The configuration file the command reads (checked by `_settings` first)."""
    config = find_config(State.config)
    assert config is not None  # settings() found it
    return config.resolve()


def week(label: str | None) -> date | None:
    from transforms.weeks import parse_week

    if label is None:
        return None
    try:
        return parse_week(label)
    except ValueError as error:
        raise ConfigError(f"--week: {error}") from None


def run(action):  # noqa: ANN001, ANN202 - wraps every command's body
    """Run a command body; expected errors become one line on stderr and exit status 1."""
    import flows.runtime  # noqa: F401 - sets Prefect's environment before it is imported
    from flows.errors import EXPECTED_ERRORS

    try:
        return action()
    except EXPECTED_ERRORS as error:
        fail(str(error))


def instant(value: str | None, option: str, timezone: str) -> datetime | None:
    """An ISO instant with its offset, or a date: midnight of it in the chat's time zone."""
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time(), ZoneInfo(timezone))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{option}: '{value}' is neither a date such as 2026-11-16 nor an ISO date-time "
            "such as 2026-11-16T20:00:00-05:00"
        ) from None
    if moment.tzinfo is None:
        raise ConfigError(f"{option}: '{value}' has no time zone (add Z or an offset)")
    return moment
