"""Long steps show a bar on a terminal and write nothing when the output is not one."""

import io
import os
import pty
import select
import subprocess
from pathlib import Path

from flows.progress import progress_bar
from tests.builders import load, new_warehouse, post, tchat
from transforms.build import build_chat
from transforms.models import all_steps

BAR = "━"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal_and_silence_elsewhere():
    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        with progress_bar("load posts.csv", unit="records", stream=stream) as bar:
            bar.advance(1200)
            bar.advance(34, "load posts.csv (last batch)")
    shown = terminal.getvalue()
    assert "load posts.csv (last batch)" in shown and "1,234 records" in shown and BAR in shown
    assert log.getvalue() == ""


def test_a_bar_with_a_total_counts_steps_of_it():
    terminal = Terminal()
    with progress_bar("build tchat", total=4, stream=terminal) as bar:
        for _ in range(3):
            bar.advance()
    assert "3/4" in terminal.getvalue()


def test_a_build_tells_each_of_its_steps_in_order():
    con = new_warehouse()
    load(con, posts=[post("1", "A", "2026-11-18T01:00:00+00:00")])
    told: list[str] = []
    build_chat(con, tchat(), on_step=told.append)
    assert told == [step.name for step in all_steps()] and len(told) > 10


def _in_a_terminal(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `command` with a pseudo-terminal as its stdout and stderr; its exit and output."""
    main, child = pty.openpty()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=child, stderr=child)
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", errors="replace")


def test_ingest_and_build_show_bars_on_a_terminal_only(prefect_harness, tmp_path):
    from tests.flows.test_cli import write_posts
    from tests.flows.test_pulls import CLI, cli_env, harness_api_url

    write_posts(tmp_path, one=["1", "2"])
    env = cli_env(tmp_path, harness_api_url(), TERM="xterm", COLUMNS="120")
    ingest = [*CLI, "ingest", "files", "--chat", "tchat", "--posts", "one.jsonl"]
    status, shown = _in_a_terminal(ingest, tmp_path, env)
    assert status == 0, shown
    assert "load one.jsonl" in shown and "2 records" in shown and BAR in shown
    status, shown = _in_a_terminal([*CLI, "build"], tmp_path, env)
    assert status == 0, shown
    assert f"build tchat: {all_steps()[-1].name}" in shown and BAR in shown

    logged = subprocess.run(
        ingest,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert logged.returncode == 0, logged.stderr
    assert BAR not in logged.stdout + logged.stderr
