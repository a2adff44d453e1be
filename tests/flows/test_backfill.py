"""Backfill: `chatreach weekly --from --to` runs each week once, in order, and skips the weeks
already complete; a progress bar on a terminal, nothing but the summary elsewhere."""

import io
import os
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from config.demo import demo_settings
from config.section import ConfigError
from flows.backfill import backfill, backfill_with_progress, check_range, weeks_between
from tests.builders import config_file
from transforms.weeks import last_complete_week, week_label

ROOT = Path(__file__).resolve().parents[2]
END_WEEK = date(2026, 11, 16)
W45, W46, W47 = END_WEEK - timedelta(weeks=2), END_WEEK - timedelta(weeks=1), END_WEEK


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _weekly_runs(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select week_start, count(*) from ops.weekly_runs group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()


def test_weeks_between_includes_both_ends():
    assert weeks_between(W45, W47) == [W45, W46, W47]
    assert weeks_between(W47, W47) == [W47]


def test_a_backwards_or_unfinished_range_is_refused(tmp_path):
    settings = demo_settings(tmp_path, weeks=3, seed=3, end_week=END_WEEK)
    with pytest.raises(ConfigError, match="--from 2026-W47 is after --to 2026-W45"):
        check_range(settings, "tchat", W47, W45)
    latest = last_complete_week("America/New_York")
    with pytest.raises(ConfigError, match=f"the last complete week is {week_label(latest)}"):
        check_range(settings, "tchat", W45, latest + timedelta(weeks=1))
    assert check_range(settings, "tchat", latest, None) == [latest]


@pytest.mark.slow
def test_each_week_runs_once_and_complete_weeks_are_skipped(prefect_harness, tmp_path):
    settings = demo_settings(tmp_path, weeks=3, seed=3, end_week=END_WEEK)
    told: list[tuple[str, str]] = []

    def progress(week_start: date, state: str) -> None:
        told.append((week_label(week_start), state))

    first = backfill(config_file(settings), "tchat", [W45, W46], progress=progress)
    assert (first.ran, first.skipped) == ([W45, W46], [])
    terminal = Terminal()
    second = backfill_with_progress(
        config_file(settings), "tchat", [W45, W46, W47], stream=terminal
    )
    assert (second.ran, second.skipped) == ([W47], [W45, W46])
    assert second.summary("tchat") == "tchat 2026-W45..2026-W47: 1 week run, 2 skipped as complete"
    assert told == [
        ("2026-W45", "running"),
        ("2026-W45", "done"),
        ("2026-W46", "running"),
        ("2026-W46", "done"),
    ]
    assert "3/3" in terminal.getvalue() and "tchat 2026-W47: done" in terminal.getvalue()
    assert _weekly_runs(settings.warehouse.path) == [(W45, 1), (W46, 1), (W47, 1)]
    forced = backfill(config_file(settings), "tchat", [W46], force=True)
    assert forced.ran == [W46]
    assert _weekly_runs(settings.warehouse.path) == [(W45, 1), (W46, 2), (W47, 1)]


def _cli_env(folder: Path) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "PREFECT_HOME": str(folder / "prefect"),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


CLI = [
    sys.executable,
    "-c",
    "import sys; from flows.cli import main; sys.argv = ['chatreach', *sys.argv[1:]]; main()",
]


@pytest.mark.slow
def test_the_command_backfills_quietly_when_not_on_a_terminal(prefect_harness, tmp_path):
    config = tmp_path / "chatreach.toml"
    config.write_text(
        '[warehouse]\npath = "w.duckdb"\n\n'
        f"[sources.demo]\nweeks = 2\nseed = 3\nend_week = {W46.isoformat()}\n\n"
        '[chats.tchat]\nhashtags = ["TChat"]\ntimezone = "America/New_York"\n'
        'hosts = ["TalentCulture"]\nsources = ["demo"]\n'
    )
    args = [
        *CLI,
        "--config",
        str(config),
        "weekly",
        "--chat",
        "tchat",
        "--from",
        "2026-W45",
        "--to",
        "2026-W46",
    ]
    for expected in (
        "tchat 2026-W45..2026-W46: 2 weeks run, 0 skipped as complete",
        "tchat 2026-W45..2026-W46: 0 weeks run, 2 skipped as complete",
    ):
        child = subprocess.Popen(
            args,
            env=_cli_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = child.communicate(timeout=240)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
        assert child.returncode == 0, err
        assert out.splitlines() == [expected]
        assert "━" not in err  # no progress bar in a log


def test_week_and_a_range_together_is_one_line_without_prefect(tmp_path):
    config = tmp_path / "chatreach.toml"
    config.write_text('[chats.tchat]\nhashtags = ["TChat"]\n')
    code = (
        "import sys; from flows.cli import main; sys.argv = ['chatreach', *sys.argv[1:]];\n"
        "try:\n    main()\nfinally:\n"
        "    print('PREFECT' if 'prefect' in sys.modules else 'NO-PREFECT', file=sys.stderr)"
    )
    for extra, message in (
        (
            ["--week", "2026-W45", "--from", "2026-W44"],
            "--week cannot be combined with --from/--to",
        ),
        (["--from", "2026-W99"], "--from: '2026-W99' is not a week"),
        (["--to", "2026-W45"], "--to needs --from"),
    ):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                code,
                "--config",
                str(config),
                "weekly",
                "--chat",
                "tchat",
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)},
        )
        lines = [line for line in result.stderr.splitlines() if "PREFECT" not in line]
        assert result.returncode == 1 and len(lines) == 1, result.stderr
        assert lines[0].startswith("chatreach: error: ") and message in lines[0]
        assert "NO-PREFECT" in result.stderr
