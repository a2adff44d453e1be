"""The typed, validated configuration of chatreach (`chatreach.toml`)."""

from config.chat import ChatSettings
from config.section import ConfigError
from config.settings import Settings, load_settings

__all__ = ["ChatSettings", "ConfigError", "Settings", "load_settings"]
