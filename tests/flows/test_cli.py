"""The command line answers help and configuration errors at once, without Prefect."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app, spread_file_lists
from tests.builders import post

ROOT = Path(__file__).resolve().parents[2]


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    code = (
        "import sys; from flows.cli import main; sys.argv = ['chatreach', *sys.argv[1:]];\n"
        "try:\n    main()\nfinally:\n    print('PREFECT' if 'prefect' in sys.modules else 'NO-PREFECT', file=sys.stderr)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_help_lists_the_commands_without_importing_prefect(tmp_path):
    result = _run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "ingest", "build", "report", "weekly"):
        assert command in result.stdout
    assert "NO-PREFECT" in result.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[chats.tchat]\nhashtags = ["TChat"]\ntimezone = "Mars/Base"\n',
            "chats.tchat.timezone: unknown time zone 'Mars/Base'",
        ),
        ('[chats.tchat]\nhashtags = ["TChat"]\nbogus = 1\n', "chats.tchat.bogus: unknown key"),
        ("[chats.tchat]\ntimezone = 'UTC'\n", "chats.tchat.hashtags: missing key"),
        ("[warehouse]\npath = 3\n", "warehouse.path"),
        ("[chats.tchat\n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_gets_one_line_naming_the_key(tmp_path, toml, message):
    (tmp_path / "chatreach.toml").write_text(toml)
    result = _run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line not in ("PREFECT", "NO-PREFECT")]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert "NO-PREFECT" in result.stderr


def test_no_configuration_says_where_it_looked(tmp_path):
    result = _run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "no configuration: pass --config PATH" in result.stderr


def test_an_unknown_chat_is_named():
    runner = CliRunner()
    config = ROOT / "tests" / "flows" / "chatreach.example.toml"
    result = runner.invoke(app, ["--config", str(config), "report", "--chat", "nope"])
    assert result.exit_code == 1
    assert "unknown chat 'nope' (configured: tchat)" in result.output


def test_a_bad_week_label_is_named():
    runner = CliRunner()
    config = ROOT / "tests" / "flows" / "chatreach.example.toml"
    result = runner.invoke(
        app, ["--config", str(config), "report", "--chat", "tchat", "--week", "2026-47"]
    )
    assert result.exit_code == 1
    assert "--week: '2026-47' is not an ISO week such as 2026-W47" in result.output


@pytest.mark.slow
def test_a_failed_flow_is_one_line_without_a_traceback(prefect_harness, tmp_path):
    """Prefect's own console log of the failure does not bury the command's one line."""
    from tests.flows.test_pulls import CLI, cli_env, harness_api_url

    (tmp_path / "chatreach.toml").write_text(
        '[warehouse]\npath = "w.duckdb"\n[chats.tchat]\nhashtags = ["TChat"]\n'
    )
    (tmp_path / "bad.csv").write_text("platform,post_id\nx,1\n")
    result = subprocess.run(
        [*CLI, "ingest", "files", "--chat", "tchat", "--posts", "bad.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(tmp_path, harness_api_url()),
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "chatreach: error: bad.csv: missing columns author_id, author_handle, created_at, text, "
        "kind, mention_ids, hashtags, urls, like_count, repost_count, reply_count, quote_count, "
        "observed_at for post records"
    ]


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        (["--posts", "a.csv", "b.jsonl"], ["--posts", "a.csv", "--posts", "b.jsonl"]),
        (
            ["--chat", "t", "--posts", "a", "--snapshots", "s1", "s2", "--accounts", "c"],
            ["--chat", "t", "--posts", "a", "--snapshots", "s1", "--snapshots", "s2"]
            + ["--accounts", "c"],
        ),
        (["--posts", "a", "--posts", "b"], ["--posts", "a", "--posts", "b"]),
        (["--posts", "--chat", "t"], ["--posts", "--chat", "t"]),
        (["--chat", "t", "--posts"], ["--chat", "t", "--posts"]),
        (
            ["--config", "c.toml", "build", "--chat", "t"],
            ["--config", "c.toml", "build"] + ["--chat", "t"],
        ),
    ],
)
def test_several_files_may_follow_one_file_option(given, parsed):
    assert spread_file_lists(["ingest", "files", *given]) == ["ingest", "files", *parsed]


def write_posts(folder: Path, **files: list[str]) -> None:
    """A chatreach.toml for chat tchat, and a JSONL posts file per keyword (name → post ids)."""
    (folder / "chatreach.toml").write_text(
        '[warehouse]\npath = "w.duckdb"\n[chats.tchat]\nhashtags = ["TChat"]\n'
    )
    for name, post_ids in files.items():
        lines = [
            json.dumps(post(post_id, "A", "2026-11-18T01:00:00+00:00"), default=_iso)
            for post_id in post_ids
        ]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n")


def _iso(moment) -> str:
    return moment.isoformat()


def test_ingest_files_takes_two_files_after_one_option(prefect_harness, tmp_path):
    """`--posts one.jsonl two.jsonl` loads both files."""
    from tests.flows.test_pulls import CLI, cli_env, harness_api_url

    write_posts(tmp_path, one=["1"], two=["2"])
    result = subprocess.run(
        [*CLI, "ingest", "files", "--chat", "tchat", "--posts", "one.jsonl", "two.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(tmp_path, harness_api_url()),
    )
    assert result.returncode == 0, result.stderr
    assert "2 records read, 2 new or updated, 0 rejected" in result.stdout


def test_version_and_python_dash_m(tmp_path):
    from importlib.metadata import version

    result = subprocess.run(
        [sys.executable, "-m", "chatreach", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"chatreach {version('chatreach')}\n"


@pytest.mark.parametrize(
    ("given", "zone", "expected"),
    [
        # 1 November 2026: New York is still on daylight time at midnight (UTC-4).
        ("2026-11-01", "America/New_York", "2026-11-01T04:00:00+00:00"),
        ("2026-11-16", "America/New_York", "2026-11-16T05:00:00+00:00"),
        ("2026-11-16", "Asia/Tokyo", "2026-11-15T15:00:00+00:00"),
        ("2026-11-16T20:00:00-05:00", "Asia/Tokyo", "2026-11-17T01:00:00+00:00"),
        ("2026-11-16T20:00:00Z", "UTC", "2026-11-16T20:00:00+00:00"),
    ],
)
def test_since_and_until_take_a_date_as_midnight_in_the_chats_time_zone(given, zone, expected):
    from datetime import UTC

    from flows.cli_common import instant

    assert instant(given, "--since", zone).astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("2026-11-16T20:00:00", "has no time zone"),
        ("last week", "is neither a date such as 2026-11-16 nor an ISO date-time"),
    ],
)
def test_since_refuses_what_is_no_date_or_instant(given, message):
    from config.section import ConfigError
    from flows.cli_common import instant

    with pytest.raises(ConfigError, match=message):
        instant(given, "--since", "UTC")
