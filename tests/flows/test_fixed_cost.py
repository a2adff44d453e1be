"""A command costs its work: no Prefect server when no API is configured, nothing written when
nothing changes, and a step past the configured DuckDB limits stops in one line."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb

from config.demo import demo_settings
from config.toml_file import write_settings
from schemas.records import POST
from tests.builders import frame, post
from tests.demo_site import environment

ROOT = Path(__file__).resolve().parents[2]
END_WEEK = date(2026, 11, 16)

# Runs the command in this process and reports whether Prefect was ever imported (a temporary
# server can only start through it) and which child processes were left running.
_CLI = """
import os, sys
from flows.cli import main
sys.argv = ['chatreach', *sys.argv[1:]]
try:
    main()
finally:
    children = os.popen(f'ps -o pid= --ppid {os.getpid()}').read().split()
    print('PREFECT' if 'prefect' in sys.modules else 'NO-PREFECT', len(children) - 1,
          file=sys.stderr)
"""


def _chatreach(config: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _CLI, "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _config(folder: Path, **warehouse: str) -> Path:
    settings = demo_settings(folder, weeks=2, seed=3, end_week=END_WEEK)
    if warehouse:
        limits = settings.warehouse.model_copy(update=warehouse)
        settings = settings.model_copy(update={"warehouse": limits})
    return write_settings(settings, folder / "chatreach.toml")


def _posts_file(folder: Path, likes: int = 0, observed: str | None = None) -> Path:
    rows = [
        post(str(n), str(n % 3), f"2026-11-18T20:0{n}:00-05:00", likes=likes, observed=observed)
        for n in range(6)
    ]
    path = folder / "posts.parquet"
    frame(POST, rows).write_parquet(path)
    return path


def _runs(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from ops.runs").fetchall()[0][0]
    finally:
        con.close()


def test_without_a_prefect_api_a_build_runs_in_process_and_starts_no_server(tmp_path):
    config = _config(tmp_path)
    env = environment(tmp_path)
    assert _chatreach(config, "ingest", "files", "--chat", "tchat", "--posts",
                      str(_posts_file(tmp_path)), env=env).returncode == 0  # fmt: skip
    result = _chatreach(config, "build", env=env)
    assert result.returncode == 0, result.stderr
    assert "tchat: full build, 1 week recomputed" in result.stdout
    assert result.stderr.split()[-2:] == ["NO-PREFECT", "0"]  # no Prefect, no child process
    assert not (tmp_path / "prefect-home").exists()  # Prefect never even made its home


def test_a_command_with_nothing_to_do_leaves_the_published_file_untouched(tmp_path):
    config = _config(tmp_path)
    env = environment(tmp_path)
    warehouse = tmp_path / "chatreach.duckdb"
    posts = _posts_file(tmp_path)
    load = ("ingest", "files", "--chat", "tchat", "--posts", str(posts))
    assert _chatreach(config, *load, env=env).returncode == 0
    assert _chatreach(config, "build", env=env).returncode == 0
    before, runs = _identity(warehouse), _runs(warehouse)

    again = _chatreach(config, "build", env=env)
    assert again.returncode == 0 and again.stdout.strip() == "tchat: up to date, nothing written"
    assert _identity(warehouse) == before

    reload = _chatreach(config, *load, env=env)
    assert reload.returncode == 0
    assert "6 records read, 0 new or updated" in reload.stdout
    assert "nothing new, the warehouse is unchanged" in reload.stdout
    assert _identity(warehouse) == before and _runs(warehouse) == runs

    # ...and the next real change still publishes, from the working copy kept unchanged.
    _posts_file(tmp_path, likes=7, observed="2026-11-25T00:00:00Z")
    assert "6 new or updated" in _chatreach(config, *load, env=env).stdout
    assert _identity(warehouse) != before and _runs(warehouse) == runs + 1


def test_a_step_past_the_temp_limit_fails_in_one_line_and_publishes_nothing(tmp_path):
    config = _config(tmp_path)
    env = environment(tmp_path)
    posts = _posts_file(tmp_path)
    assert _chatreach(config, "ingest", "files", "--chat", "tchat", "--posts", str(posts),
                      env=env).returncode == 0  # fmt: skip
    warehouse = tmp_path / "chatreach.duckdb"
    before = _identity(warehouse)
    tight = _config(tmp_path, memory_limit="1MiB", temp_limit="0KiB")
    result = _chatreach(tight, "build", env=env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "PREFECT" not in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("chatreach: error: build tchat: step ")
    assert "([warehouse] memory_limit = " in lines[0] and "nothing was published" in lines[0]
    assert "Traceback" not in result.stderr
    assert _identity(warehouse) == before
    # With room again, the same build goes through.
    assert _chatreach(_config(tmp_path), "build", env=env).returncode == 0
