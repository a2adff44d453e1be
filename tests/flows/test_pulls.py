"""The pull flows and commands end to end: real Prefect flows, the real `chatreach` process,
the real connectors against recorded responses served on 127.0.0.1.

The fake networks and the expected values are those of tests/flows/test_pulling.py.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.errors import PullFailed
from flows.pulling import pull_activity
from tests.builders import config_file
from tests.flows.test_pulling import (
    KPOP_NEXT,
    NO_WAIT,
    X_PAGES,
    X_TOKEN,
    core,
    serve_x,
    settings_for,
)
from tests.sources.fakeserver import Reply, json_reply, serving, twarc_api_body
from warehouse.publish import writing

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", X_TOKEN)


def read(path: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def published_core(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return core(con)
    finally:
        con.close()


def write_config(folder: Path, url: str, hashtags: str = '["Brexit", "kpop"]') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "chatreach.toml"
    config.write_text(
        f'[warehouse]\npath = "w.duckdb"\n\n[chats.tchat]\nhashtags = {hashtags}\n'
        f'sources = ["x"]\n\n[sources.x]\nbase_url = "{url}"\n'
    )
    return config


def cli_env(folder: Path, api_url: str | None, **extra: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(folder),
        "PREFECT_HOME": str(folder / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        **extra,
    }
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


CLI = [sys.executable, "-c", "from flows.cli import main; main()"]


def harness_api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


# -- commands that answer without Prefect ------------------------------------------------------


def test_a_missing_token_is_one_line_naming_the_variable_without_prefect(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9")
    code = (
        "import sys\nfrom flows.cli import main\ntry:\n    main()\nfinally:\n"
        "    print('PREFECT' if 'prefect' in sys.modules else 'NO-PREFECT', file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--config", str(config), "ingest", "x", "--chat", "tchat"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(tmp_path, None),
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "chatreach: error: x: set the environment variable X_BEARER_TOKEN",
        "NO-PREFECT",
    ]


def test_a_window_without_time_zone_is_refused_at_once(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9")
    result = subprocess.run(
        [
            *CLI,
            "--config",
            str(config),
            "ingest",
            "x",
            "--chat",
            "tchat",
            "--since",
            "2026-11-20T10:00",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(tmp_path, None, X_BEARER_TOKEN=X_TOKEN),
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "chatreach: error: --since: '2026-11-20T10:00' has no time zone (add Z or an offset)"
    )


# -- real flows -------------------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_then_snapshot_flows_load_publish_and_record_their_runs(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.pull import ingest_source, snapshot_source

    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        activity = ingest_source(config_file(settings), "tchat", "x")
        snapshots = snapshot_source(config_file(settings), "tchat", "x")
    warehouse = settings.warehouse.path
    assert (activity.report.pages, activity.report.records) == (3, 201)
    assert activity.completed and snapshots.completed and snapshots.accounts == 185
    assert read(warehouse, "select count(*) from core.posts") == [(201,)]
    assert read(
        warehouse, "select flow, status, rows_in > 0 from ops.runs order by started_at"
    ) == [("ingest-x", "succeeded", True), ("snapshot-x", "succeeded", True)]
    assert read(warehouse, "select count(*) from raw.payloads") == [(4,)]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["x-activity-tchat", "x-snapshots-tchat"])
            )
        )
    texts = {artifact.key: artifact.data for artifact in artifacts}
    assert "pages 3, records 201" in texts["x-activity-tchat"]
    assert "estimated cost $1.00" in texts["x-activity-tchat"]
    assert "x snapshots for tchat, 185 accounts" in texts["x-snapshots-tchat"]


@pytest.mark.slow
def test_the_daily_pull_flow_pulls_each_api_source_of_the_chat(prefect_harness, tmp_path):
    from flows.pull import pull_chat

    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        [activity] = pull_chat(config_file(settings), "tchat")
        [again, snapshots] = pull_chat(config_file(settings), "tchat", snapshots=True)
        asked = [r.path for r in server.requests]
    assert activity.completed and activity.report.pages == 3
    assert again.since == activity.until and snapshots.accounts == 185
    assert asked[:3] == ["/2/tweets/search/recent"] * 3 and asked[-2:] == ["/2/users"] * 2
    assert (
        read(settings.warehouse.path, "select flow, status from ops.runs")
        == [("pull", "succeeded")] * 2
    )


@pytest.mark.slow
def test_the_weekly_flow_pulls_activity_then_snapshots_before_the_build(prefect_harness, tmp_path):
    from flows.weekly import weekly

    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        paths = weekly(config_file(settings), "tchat", date(2021, 9, 20), tmp_path / "reports")
        asked = [r.path for r in server.requests]
    assert asked == ["/2/tweets/search/recent"] * 3 + ["/2/users"] * 2
    warehouse = settings.warehouse.path
    assert read(warehouse, "select week_label, participants > 0 from marts.chat_week") == [
        ("2021-W38", True)
    ]
    assert read(
        warehouse,
        "select endpoint, scope from ops.pull_cursors where cursor is not null order by all",
    ) == [("search_recent", "next_since"), ("search_recent", "pull"), ("users_lookup", "pull")]
    assert read(warehouse, "select status from ops.runs") == [("succeeded",)]
    assert paths and all(Path(p).exists() for p in paths)


@pytest.mark.slow
def test_a_pull_that_fails_publishes_what_it_loaded_and_leaks_no_token(
    prefect_harness, tmp_path, caplog, capfd
):
    """Page 1 loads (its body echoes the Authorization header), page 2 answers 401 with the
    header in its error: the flow fails after publishing page 1; the token is nowhere."""
    from flows.pull import ingest_source

    caplog.set_level(logging.DEBUG)

    def echo(seen):
        if seen.param("next_token") is None:
            payload = json.loads(twarc_api_body("twarc/brexit.jsonl"))
            payload["meta"]["echo"] = seen.headers.get("authorization")
            return json_reply(payload)
        return json_reply(
            {"title": "Unauthorized", "detail": f"bad {seen.headers.get('authorization')}"}, 401
        )

    with serving() as server:
        server.handler("GET", "/2/tweets/search/recent", echo)
        settings = settings_for(server.url, tmp_path, "x")
        with pytest.raises(PullFailed) as caught:
            ingest_source(config_file(settings), "tchat", "x")
        assert len(server.requests) == 2  # a 401 is not retried
    warehouse = settings.warehouse.path
    message = str(caught.value)
    assert "answered 401" in message and X_TOKEN not in message
    [result] = caught.value.results
    assert result.pages_loaded == 1 and not result.completed
    assert read(warehouse, "select count(*) from core.posts") == [(100,)]
    [(status, run_message)] = read(warehouse, "select status, message from ops.runs")
    assert status == "failed" and "x activity: x search_recent:" in run_message
    assert "answered 401" in run_message and X_TOKEN not in run_message
    bodies = read(warehouse, "select body, origin from raw.payloads")
    assert len(bodies) == 1 and b"Bearer ***" in bodies[0][0]
    assert all(X_TOKEN.encode() not in body and X_TOKEN not in origin for body, origin in bodies)
    assert X_TOKEN not in str(read(warehouse, "select * from ops.pull_cursors"))
    # the next pull resumes after page 1
    assert read(warehouse, "select cursor is not null from ops.pull_cursors where scope = ''") == [
        (True,)
    ]
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err
    assert "answered 401" in logs  # the failure was logged, and without the token:
    assert X_TOKEN not in logs


@pytest.mark.slow
def test_chatreach_ingest_x_prints_the_coverage(prefect_harness, tmp_path):
    with serving() as server:
        serve_x(server)
        config = write_config(tmp_path, server.url)
        result = subprocess.run(
            [*CLI, "--config", str(config), "ingest", "x", "--chat", "tchat"],
            capture_output=True,
            text=True,
            timeout=180,
            env=cli_env(tmp_path, harness_api_url(), X_BEARER_TOKEN=X_TOKEN),
        )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("x activity for tchat, ")
    assert lines[1:3] == [
        "pages 3, records 201, rate-limit waits 0 (0 s waited), retries 0",
        "loaded 783 rows: 783 new or updated, 0 rejected (see quarantine.rejected)",
    ]
    assert "estimated cost $1.00 (posts read at $0.005 each)" in lines
    assert "skipped: x search_recent: partial errors in a page: Forbidden (user) ×1" in lines
    assert X_TOKEN not in result.stdout + result.stderr


@pytest.mark.slow
def test_a_failed_pull_prints_its_coverage_then_one_error_line(prefect_harness, tmp_path):
    """Page 2 is refused (a 400, written here: X's error shape): exit 1, the coverage of
    what loaded on stdout, chatreach's one line last on stderr (Prefect logs the failed
    runs before it)."""
    from typer.testing import CliRunner

    from flows.cli import app

    def pages(seen):
        if seen.param("next_token") is None:
            return Reply(200, twarc_api_body("twarc/brexit.jsonl"))
        return json_reply(
            {
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "about:blank",
            },
            400,
        )

    with serving() as server:
        server.handler("GET", "/2/tweets/search/recent", pages)
        config = write_config(tmp_path, server.url)
        result = CliRunner().invoke(
            app, ["--config", str(config), "ingest", "x", "--chat", "tchat"]
        )
    assert result.exit_code == 1
    assert "pages 1, records 100," in result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("chatreach: error: x search_recent: ") and "answered 400" in last
    assert X_TOKEN not in result.output


@pytest.mark.slow
def test_a_killed_chatreach_ingest_resumes_to_exactly_an_uninterrupted_pull(
    prefect_harness, tmp_path
):
    """`chatreach ingest x` is SIGKILLed while it waits for page 3 (pages 1 and 2 committed in
    the working copy, nothing published); the next `chatreach ingest x` asks only for page 3,
    and the published tables equal those of a pull that was never interrupted."""
    reached, release = threading.Event(), threading.Event()
    blocked = []

    def pages(seen):
        token = seen.param("next_token")
        if token == KPOP_NEXT and not blocked:
            blocked.append(seen)
            reached.set()
            release.wait(60)
        return Reply(200, twarc_api_body(X_PAGES[token]))

    with serving() as server:
        server.handler("GET", "/2/tweets/search/recent", pages)
        folder = tmp_path / "killed"
        config = write_config(folder, server.url)
        env = cli_env(folder, harness_api_url(), X_BEARER_TOKEN=X_TOKEN)
        args = [*CLI, "--config", str(config), "ingest", "x", "--chat", "tchat"]
        with open(folder / "out.txt", "w") as out:
            child = subprocess.Popen(
                args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                assert reached.wait(120), (folder / "out.txt").read_text()
                os.killpg(child.pid, signal.SIGKILL)
                child.wait(30)
            finally:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGKILL)
                release.set()
        assert child.returncode == -signal.SIGKILL
        assert not (folder / "w.duckdb").exists()  # nothing published by the killed run
        assert (folder / ".w.duckdb.work").exists()
        asked = len(server.requests)

        resumed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180)
        after = [r.param("next_token") for r in server.requests[asked:]]

        whole = tmp_path / "whole"
        settings = settings_for(server.url, whole, "x")
        with writing(settings.warehouse.path) as con:
            pull_activity(
                con, settings, settings.chat("tchat"), "x", run_id="whole", client_options=NO_WAIT
            )
    assert resumed.returncode == 0, resumed.stderr
    assert "(resumed an interrupted pull)" in resumed.stdout.splitlines()[0]
    assert "pages 1, records 1," in resumed.stdout
    assert after == [KPOP_NEXT]
    warehouse = folder / "w.duckdb"
    assert published_core(warehouse) == published_core(settings.warehouse.path)
    assert read(warehouse, "select count(*) from raw.payloads") == [(3,)]
    assert read(warehouse, "select status from ops.runs order by started_at") == [
        ("interrupted",),
        ("succeeded",),
    ]
