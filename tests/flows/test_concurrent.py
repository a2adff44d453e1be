"""Analysts and the pipeline side by side: an open read-only session never fails the weekly
run and never sees a half-finished week; a second writer waits, then stops clearly."""

import subprocess
import sys
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from config.demo import demo_settings
from flows.cli import app
from tests.builders import config_file
from warehouse.publish import writing

pytestmark = pytest.mark.slow

END_WEEK = date(2026, 11, 16)

READER = """
import sys, duckdb
path, query = sys.argv[1], "select count(*) from marts.chat_week"
con = duckdb.connect(path, read_only=True)
print(con.execute(query).fetchall()[0][0], flush=True)
sys.stdin.readline()
print(con.execute(query).fetchall()[0][0], flush=True)
sys.stdin.readline()
con.close()
con = duckdb.connect(path, read_only=True)
print(con.execute(query).fetchall()[0][0], flush=True)
"""


def test_an_open_reader_never_blocks_the_weekly_run(prefect_harness, tmp_path):
    from flows.weekly import weekly

    settings = demo_settings(tmp_path, weeks=2, seed=3, end_week=END_WEEK)
    weekly(config_file(settings), "tchat", END_WEEK - timedelta(weeks=1))
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.warehouse.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        weekly(config_file(settings), "tchat", END_WEEK)  # runs while the session is open
        reader.stdin.write("again\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # its consistent old view
        reader.stdin.write("reconnect\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "2"  # the published new week
    finally:
        reader.kill()
        reader.wait()


def test_a_second_writer_stops_with_a_clear_message(prefect_harness, tmp_path):
    config = tmp_path / "chatreach.toml"
    config.write_text(
        '[warehouse]\npath = "w.duckdb"\nlock_timeout_seconds = 0.5\n\n'
        '[chats.tchat]\nhashtags = ["TChat"]\n'
    )
    with writing(tmp_path / "w.duckdb"):
        result = CliRunner().invoke(app, ["--config", str(config), "build"])
    assert result.exit_code == 1
    assert "another chatreach run is writing it" in result.output
    assert "gave up after 0.5 s" in result.output
    assert "Traceback" not in result.output
