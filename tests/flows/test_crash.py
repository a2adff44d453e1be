"""A `chatreach` killed at any moment leaves the warehouse as before or after, and the next
run completes the work: the same core, quarantine and marts as a run never interrupted."""

import os
import signal
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from config.demo import demo_settings
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.simulated import pull_simulated
from tests.builders import assert_same_tables
from tests.flows.test_pulls import CLI, cli_env, harness_api_url

pytestmark = pytest.mark.slow

TABLES = {
    "core.posts": "select * exclude (observed_at) from core.posts",
    "core.accounts": "select * from core.accounts",
    "core.follower_snapshots": "select * from core.follower_snapshots",
    "quarantine": "select source, record_kind, record, reasons, origin from quarantine.rejected",
    "marts.account_week": "select * from marts.account_week",
    "marts.chat_week": "select * from marts.chat_week",
    "marts.account_growth": "select * from marts.account_growth",
    "marts.question_week": "select * from marts.question_week",
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A few weeks of a larger simulated community as canonical files, with some bad rows."""
    folder = tmp_path_factory.mktemp("inputs")
    settings = demo_settings(folder, weeks=6, seed=5, end_week=date(2026, 11, 16))
    demo = settings.sources.demo.model_copy(update={"community_size": 3000})
    records = pull_simulated(demo, settings.chat("tchat"), None, datetime(2026, 11, 25, tzinfo=UTC))
    posts = records[POST].with_columns(
        pl.when(pl.int_range(pl.len()) % 997 == 0)
        .then(-1)
        .otherwise(pl.col("like_count"))
        .alias("like_count")
    )
    posts.write_parquet(folder / "posts.parquet")
    records[ACCOUNT].write_parquet(folder / "accounts.parquet")
    records[SNAPSHOT].write_parquet(folder / "snapshots.parquet")
    (folder / "chatreach.toml").write_text(
        '[warehouse]\npath = "w.duckdb"\n\n[chats.tchat]\nhashtags = ["TChat"]\n'
        'timezone = "America/New_York"\nhosts = ["TalentCulture"]\n'
    )
    return folder


def _commands(folder: Path) -> list[list[str]]:
    config = str(folder / "chatreach.toml")
    return [
        [
            "--config",
            config,
            "ingest",
            "files",
            "--chat",
            "tchat",
            "--posts",
            str(folder / "posts.parquet"),
            "--accounts",
            str(folder / "accounts.parquet"),
            "--snapshots",
            str(folder / "snapshots.parquet"),
        ],
        ["--config", config, "build"],
    ]


def _run(args: list[str], folder: Path, api_url: str, kill_after: float | None = None) -> None:
    child = subprocess.Popen(
        [*CLI, *args],
        cwd=folder,
        env=cli_env(folder, api_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    if kill_after is None:
        _, errors = child.communicate(timeout=600)
        assert child.returncode == 0, errors
        return
    time.sleep(kill_after)
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=60)


def _tables(path: Path) -> dict[str, pl.DataFrame] | None:
    if not path.exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.sql(query).pl().sort(pl.all()) for name, query in TABLES.items()}
    finally:
        con.close()


def _same(found: dict | None, expected: dict | None) -> bool:
    if found is None or expected is None:
        return found is expected
    try:
        assert_same_tables(found, expected)
    except AssertionError:
        return False
    return True


@pytest.fixture(scope="module")
def reference(inputs, prefect_harness, tmp_path_factory):
    """The tables after an uninterrupted ingest and build, and after the ingest alone."""
    folder = tmp_path_factory.mktemp("reference")
    for name in ("posts.parquet", "accounts.parquet", "snapshots.parquet", "chatreach.toml"):
        (folder / name).write_bytes((inputs / name).read_bytes())
    api_url = harness_api_url()
    ingest, build = _commands(folder)
    _run(ingest, folder, api_url)
    after_ingest = _tables(folder / "w.duckdb")
    _run(build, folder, api_url)
    return after_ingest, _tables(folder / "w.duckdb")


@pytest.mark.parametrize("kill_after", [1.0, 2.5, 4.0, 6.0])
def test_a_killed_run_leaves_before_or_after_and_the_rerun_completes(
    inputs, reference, tmp_path, kill_after
):
    after_ingest, after_build = reference
    for name in ("posts.parquet", "accounts.parquet", "snapshots.parquet", "chatreach.toml"):
        (tmp_path / name).write_bytes((inputs / name).read_bytes())
    api_url = harness_api_url()
    ingest, build = _commands(tmp_path)
    warehouse = tmp_path / "w.duckdb"

    _run(ingest, tmp_path, api_url, kill_after=kill_after)
    assert _same(_tables(warehouse), None) or _same(_tables(warehouse), after_ingest)
    _run(ingest, tmp_path, api_url)
    assert _same(_tables(warehouse), after_ingest)

    _run(build, tmp_path, api_url, kill_after=kill_after)
    assert _same(_tables(warehouse), after_ingest) or _same(_tables(warehouse), after_build)
    _run(build, tmp_path, api_url)
    assert _same(_tables(warehouse), after_build)
