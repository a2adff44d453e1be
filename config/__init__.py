"""The typed, validated configuration of chatreach (`chatreach.toml`)."""

from config.settings import ChatSettings, ConfigError, Settings, load_settings

__all__ = ["ChatSettings", "ConfigError", "Settings", "load_settings"]
