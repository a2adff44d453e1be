"""Settings from the environment (`CHATREACH_<SECTION>__<KEY>`) over the file over the
defaults; cron schedules checked when the configuration is read."""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config.section import ConfigError
from config.settings import load_settings
from flows.cli import app

FILE = """
[warehouse]
path = "w.duckdb"
lock_timeout_seconds = 5

[chats.tchat]
hashtags = ["TChat"]
timezone = "America/New_York"
"""


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    for name in list(os.environ):
        if name.startswith("CHATREACH_"):
            monkeypatch.delenv(name)
    path = tmp_path / "conf" / "chatreach.toml"
    path.parent.mkdir()
    path.write_text(FILE)
    return path


def test_the_environment_wins_over_the_file_and_the_file_over_the_defaults(config, monkeypatch):
    monkeypatch.setenv("CHATREACH_WAREHOUSE__LOCK_TIMEOUT_SECONDS", "7")
    monkeypatch.setenv("CHATREACH_CHATS__TCHAT__TIMEZONE", "Europe/Paris")
    monkeypatch.setenv("CHATREACH_CHATS__TCHAT__HASHTAGS", '["TChat", "TChatLive"]')
    monkeypatch.setenv("CHATREACH_PRIVACY__OPT_OUT", '["x:42"]')
    settings = load_settings(config)
    assert settings.warehouse.lock_timeout_seconds == 7  # environment over file
    assert settings.warehouse.memory_limit == "2GiB"  # default, neither says
    assert settings.warehouse.path == config.parent / "w.duckdb"  # the file's, from its folder
    assert settings.chat("tchat").timezone == "Europe/Paris"
    assert settings.chat("tchat").hashtags == ["TChat", "TChatLive"]
    assert settings.privacy.opt_out == ["x:42"]


def test_a_relative_path_from_the_environment_is_taken_from_the_current_directory(
    config, monkeypatch, tmp_path
):
    elsewhere = tmp_path / "here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("CHATREACH_WAREHOUSE__PATH", "data/env.duckdb")
    assert load_settings(config).warehouse.path == elsewhere / "data" / "env.duckdb"


def test_an_environment_chat_may_be_added_whole(config, monkeypatch):
    monkeypatch.setenv("CHATREACH_CHATS__HRCHAT__HASHTAGS", '["HRChat"]')
    assert load_settings(config).chat("hrchat").hashtag_keys == ["hrchat"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CHATREACH_CHATS__TCHAT__TIMEZONE",
            "Mars/Base",
            "environment: CHATREACH_CHATS__TCHAT__TIMEZONE: chats.tchat.timezone: "
            "unknown time zone 'Mars/Base'",
        ),
        (
            "CHATREACH_WAREHOUSE__LOCK_TIMEOUT_SECONDS",
            "soon",
            "environment: CHATREACH_WAREHOUSE__LOCK_TIMEOUT_SECONDS: "
            "warehouse.lock_timeout_seconds:",
        ),
        ("CHATREACH_CHATS__TCHAT__HASHTAGS", "TChat", "lists are given as JSON"),
    ],
)
def test_a_bad_value_in_the_environment_names_the_variable(
    config, monkeypatch, variable, value, message
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("key", "cron", "reason"),
    [
        ("schedule", "61 25 * * *", "bad minute"),
        ("pull_schedule", "0 25 * * *", "bad hour"),
        ("schedule", "0 6 * * 8", "bad day-of-week"),
    ],
)
def test_a_cron_out_of_range_is_refused_when_the_configuration_is_read(config, key, cron, reason):
    config.write_text(FILE + f'{key} = "{cron}"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(config)
    assert str(raised.value) == (
        f"{config}: chats.tchat.{key}: '{cron}' is not a valid cron expression ({reason})"
    )


def test_valid_crons_pass(config):
    config.write_text(FILE + 'schedule = "*/15 6-9 * * mon-fri"\npull_schedule = "30 20 * * *"\n')
    assert load_settings(config).chat("tchat").schedule == "*/15 6-9 * * mon-fri"


def test_the_command_reads_chatreach_config_through_its_option(config):
    result = CliRunner().invoke(
        app, ["report", "--chat", "nope"], env={"CHATREACH_CONFIG": str(config)}
    )
    assert result.exit_code == 1
    assert "unknown chat 'nope' (configured: tchat)" in result.output
