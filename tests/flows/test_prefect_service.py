"""chatreach as Prefect users expect it: the UI that `serve` starts works on any port, the
project's loggers reach the run's logs, ops.runs keeps the flow run's id, runs of one
warehouse queue on it, and `deploy --pool` puts the deployments on a work pool."""

import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from config.demo import demo_settings
from config.settings import load_settings, settings_from_dict
from tests.builders import config_file
from tests.flows.test_pulls import cli_env, harness_api_url

ROOT = Path(__file__).resolve().parents[2]
END_WEEK = date(2026, 11, 16)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(folder: Path, **chat):
    return settings_from_dict(
        {
            "warehouse": {"path": "w.duckdb"},
            "chats": {
                "tchat": {
                    "hashtags": ["TChat"],
                    "timezone": "America/New_York",
                    "sources": ["demo"],
                    **chat,
                }
            },
        },
        folder,
        "test",
    )


def _deployments_page_text(chromium: Path, url: str) -> str:
    """The text of the UI's deployments page once it lists them, read in a thread of its own:
    Playwright's sync API leaves an event loop in its thread, which turns Prefect's sync calls
    made there afterwards into coroutines."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS

    found: list[str] = []

    def read() -> None:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(chromium), args=ARGS)
            try:
                page = browser.new_page()
                page.goto(url)
                page.wait_for_selector("text=scheduled-weekly", timeout=90_000)
                page.wait_for_selector("text=scheduled-pull", timeout=10_000)
                artifacts = ROOT / "test-artifacts" / "prefect"
                artifacts.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(artifacts / "deployments.png"), full_page=True)
                found.append(page.inner_text("body"))
            finally:
                browser.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=180)
    assert found, f"the UI at {url} never listed the deployments"
    return found[0]


def test_the_ui_of_the_started_server_works_on_its_own_port(tmp_path, monkeypatch, chromium):
    import httpx
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import deployments_for, local_server, runner_deployment

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    port = _free_port()
    assert port != 4200
    settings = _settings(tmp_path)
    with local_server(port, lambda _: None) as api_url:
        ui = httpx.get(f"http://127.0.0.1:{port}/ui-settings", timeout=10).json()
        assert ui["api_url"] == f"http://127.0.0.1:{port}/api"
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            for spec in deployments_for(settings, tmp_path / "chatreach.toml"):
                runner_deployment(spec).apply()
        body = _deployments_page_text(chromium, f"http://127.0.0.1:{port}/deployments")
    assert "Can't connect" not in body and "tchat" in body


def test_the_projects_loggers_reach_the_runs_logs(prefect_harness, tmp_path):
    code = (
        "import flows.runtime, logging\n"
        "from prefect import flow\n"
        "@flow(name='logs-test')\n"
        "def logs_test():\n"
        "    logging.getLogger('warehouse.load').warning('held 3 rows, marker-1')\n"
        "    logging.getLogger('sources.http').warning('waited 2 s, marker-2')\n"
        "    from prefect.context import FlowRunContext\n"
        "    print(FlowRunContext.get().flow_run.id)\n"
        "logs_test()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(tmp_path, harness_api_url()),
    )
    assert done.returncode == 0, done.stderr
    run_id = done.stdout.strip().splitlines()[-1]
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    messages: list[str] = []
    deadline = time.monotonic() + 30  # logs are sent in the background, in batches
    while time.monotonic() < deadline and len(messages) < 2:
        with get_client(sync_client=True) as client:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id]))
            )
        messages = [log.message for log in logs if "marker-" in log.message]
        time.sleep(0.5)
    assert sorted(messages) == ["held 3 rows, marker-1", "waited 2 s, marker-2"]


def test_ops_runs_keeps_the_flow_run_id(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client

    from flows.ingest import ingest_files
    from tests.flows.test_fixed_cost import _posts_file

    settings = demo_settings(tmp_path, weeks=2, seed=3, end_week=END_WEEK)
    config = config_file(settings)
    ingest_files(config, "tchat", [_posts_file(tmp_path)], [], [])
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        [(flow, flow_run_id)] = con.execute("select flow, flow_run_id from ops.runs").fetchall()
    finally:
        con.close()
    assert flow == "ingest-files" and flow_run_id
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
    assert run.parameters["config"] == str(config)


def test_runs_of_one_warehouse_wait_for_its_slot(prefect_harness, tmp_path):
    from prefect.concurrency.sync import concurrency

    from flows.serve import ensure_warehouse_limit, scheduled_pull

    settings = _settings(tmp_path)
    config = tmp_path / "chatreach.toml"
    config.write_text(
        '[warehouse]\npath = "w.duckdb"\n\n[sources.demo]\nweeks = 1\nseed = 5\n\n'
        '[chats.tchat]\nhashtags = ["TChat"]\ntimezone = "America/New_York"\n'
        'sources = ["demo"]\n'
    )
    warehouse = load_settings(config).warehouse.path
    name = ensure_warehouse_limit(settings.warehouse.path)
    assert name == ensure_warehouse_limit(warehouse)  # one limit per warehouse file
    finished: list[str] = []
    with concurrency(name, occupy=1):  # another chat's run holds the warehouse
        second = threading.Thread(
            target=lambda: (scheduled_pull(str(config), "tchat"), finished.append("pull"))
        )
        second.start()
        second.join(timeout=8)
        assert second.is_alive() and finished == []  # it waits instead of failing
        assert not warehouse.exists()
    second.join(timeout=300)
    assert finished == ["pull"] and warehouse.exists()


def test_deploy_puts_every_chats_deployments_on_the_pool(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client

    from flows.deploy import deploy
    from flows.serve import warehouse_limit_name

    settings = _settings(tmp_path, schedule="15 7 * * 1", pull_schedule="45 21 * * *")
    config = tmp_path / "chatreach.toml"
    pool = f"chatreach-{tmp_path.name[-8:]}".lower().replace("_", "-")
    said: list[str] = []
    first = deploy(settings, config, pool, said.append)
    again = deploy(settings, config, pool, said.append)
    assert [d.deployment_id for d in first] == [d.deployment_id for d in again]  # updated
    assert said[0].startswith(f"Created the process work pool '{pool}'")
    assert sum("Created" in line for line in said) == 1
    with get_client(sync_client=True) as client:
        assert client.read_work_pool(pool).type == "process"
        found = {
            name: client.read_deployment_by_name(name)
            for name in ("scheduled-pull/tchat", "scheduled-weekly/tchat")
        }
        limit = client.read_global_concurrency_limit_by_name(
            warehouse_limit_name(settings.warehouse.path)
        )
    assert limit.limit == 1
    pull, weekly = found["scheduled-pull/tchat"], found["scheduled-weekly/tchat"]
    assert pull.work_pool_name == weekly.work_pool_name == pool
    assert weekly.entrypoint == "flows.serve.scheduled_weekly"
    assert pull.entrypoint == "flows.serve.scheduled_pull"
    assert weekly.parameters == {"config": str(config.resolve()), "chat": "tchat"}
    assert [(s.schedule.cron, s.schedule.timezone) for s in weekly.schedules] == [
        ("15 7 * * 1", "America/New_York")
    ]
    assert [s.schedule.cron for s in pull.schedules] == ["45 21 * * *"]
    assert weekly.global_concurrency_limit.limit == 1
    assert weekly.concurrency_options.collision_strategy.value == "ENQUEUE"


def test_deploy_without_a_prefect_api_is_one_line(tmp_path):
    config = config_file(_settings(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "chatreach", "--config", str(config), "deploy", "--pool", "p"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(tmp_path, None),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "chatreach: error: deploy needs the Prefect server of the workers: set PREFECT_API_URL"
    )


def test_a_build_run_shows_its_progress_as_an_artifact(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.build import build
    from flows.ingest import ingest_files
    from tests.flows.test_fixed_cost import _posts_file

    settings = demo_settings(tmp_path, weeks=2, seed=3, end_week=END_WEEK)
    config = config_file(settings)
    ingest_files(config, "tchat", [_posts_file(tmp_path)], [], [])
    build(config)
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        [(flow_run_id,)] = con.execute(
            "select flow_run_id from ops.runs where flow = 'build'"
        ).fetchall()
    finally:
        con.close()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    progress = [a for a in artifacts if a.type == "progress"]
    assert [a.description for a in progress] == ["build tchat"]
    assert float(progress[0].data) == 100.0
