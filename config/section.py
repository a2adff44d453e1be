"""What every settings section shares: unknown keys are errors, and read settings never change."""

from pydantic import BaseModel, ConfigDict


class ConfigError(ValueError):
    """The configuration is missing or invalid; the message is one line naming the key."""


class Section(BaseModel):
    """A section of chatreach.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
