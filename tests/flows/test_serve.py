"""`chatreach serve`: the deployments it creates, checked without waiting for a schedule; the
local Prefect server it starts and stops; the scheduled flows run once."""

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from config.settings import load_settings, settings_from_dict
from flows.errors import ServeFailed
from flows.serve import (
    deployments_for,
    local_server,
    prefect_api,
    runner_deployment,
    scheduled_listen,
    scheduled_pull,
    scheduled_weekly,
)
from transforms.weeks import last_complete_week, week_label

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path("/srv/chatreach/chatreach.toml")
SETTINGS = settings_from_dict(
    {
        "chats": {
            "tchat": {
                "hashtags": ["TChat"],
                "timezone": "America/New_York",
                "sources": ["x"],
                "schedule": "0 6 * * 1",
                "pull_schedule": "30 20 * * *",
            },
            "nochat": {
                "hashtags": ["NoChat"],
                "timezone": "Europe/Paris",
                "schedule": "15 9 * * 2",
            },
        },
    },
    CONFIG.parent,
    "test",
)


def test_each_chat_gets_a_pull_and_a_weekly_deployment_in_its_time_zone():
    specs = deployments_for(SETTINGS, CONFIG)
    assert [(s.full_name, s.cron, s.timezone, s.parameters) for s in specs] == [
        (
            "scheduled-pull/tchat",
            "30 20 * * *",
            "America/New_York",
            {"config": str(CONFIG), "chat": "tchat"},
        ),
        (
            "scheduled-weekly/tchat",
            "0 6 * * 1",
            "America/New_York",
            {"config": str(CONFIG), "chat": "tchat"},
        ),
        (
            "scheduled-weekly/nochat",
            "15 9 * * 2",
            "Europe/Paris",
            {"config": str(CONFIG), "chat": "nochat"},
        ),  # no sources: nothing to pull
    ]
    assert specs[0].flow is scheduled_pull and specs[1].flow is scheduled_weekly


def test_a_chat_with_a_session_on_bluesky_is_listened_to_around_it():
    """session "Wed 19:00" with a 10-minute margin: listening starts Wednesday 18:50 in the
    chat's time zone (cron day 3) and lasts 60 + 2 × 10 minutes. "Mon 00:05" starts on
    Sunday 23:55. A chat with a session but without bluesky gets no listening."""
    settings = settings_from_dict(
        {
            "chats": {
                "tchat": {
                    "hashtags": ["TChat"],
                    "timezone": "America/New_York",
                    "sources": ["bluesky"],
                    "session": "wed 19:00",
                },
                "early": {"hashtags": ["Early"], "sources": ["bluesky"], "session": "Mon 00:05"},
                "xonly": {"hashtags": ["X"], "sources": ["x"], "session": "Wed 19:00"},
            }
        },
        CONFIG.parent,
        "test",
    )
    listening = {
        s.parameters["chat"]: s
        for s in deployments_for(settings, CONFIG)
        if s.flow is scheduled_listen
    }
    assert set(listening) == {"tchat", "early"}
    assert (listening["tchat"].cron, listening["tchat"].timezone) == (
        "50 18 * * 3",
        "America/New_York",
    )
    assert listening["early"].cron == "55 23 * * 0"
    assert settings.chat("tchat").listen_minutes == 80
    assert settings.chat("tchat").session == "Wed 19:00"
    with pytest.raises(Exception, match="not a day and time"):
        settings_from_dict(
            {"chats": {"bad": {"hashtags": ["B"], "session": "Wednesday 7pm"}}},
            CONFIG.parent,
            "test",
        )


def test_a_relative_configuration_path_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [spec] = deployments_for(
        SETTINGS.model_copy(update={"chats": {"nochat": SETTINGS.chat("nochat")}}),
        Path("chatreach.toml"),
    )
    assert spec.parameters["config"] == str(tmp_path / "chatreach.toml")


def test_serve_builds_runner_deployments_with_cron_schedules():
    """The real Prefect objects `serve` would serve: built, not served."""
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.deployments.runner import RunnerDeployment

    deployments = [runner_deployment(spec) for spec in deployments_for(SETTINGS, CONFIG)]
    assert all(isinstance(d, RunnerDeployment) for d in deployments)
    assert [d.name for d in deployments] == ["tchat", "tchat", "nochat"]
    assert [d.entrypoint for d in deployments] == [
        "flows.serve.scheduled_pull",
        "flows.serve.scheduled_weekly",
        "flows.serve.scheduled_weekly",
    ]
    schedules = [d.schedules[0].schedule for d in deployments]
    assert all(isinstance(s, CronSchedule) for s in schedules)
    assert [(s.cron, s.timezone) for s in schedules] == [
        ("30 20 * * *", "America/New_York"),
        ("0 6 * * 1", "America/New_York"),
        ("15 9 * * 2", "Europe/Paris"),
    ]
    assert deployments[2].parameters == {"config": str(CONFIG), "chat": "nochat"}
    assert "chat:nochat" in deployments[2].tags


def test_an_unreachable_prefect_api_url_is_one_clear_error(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    url = f"http://127.0.0.1:{port}/api"
    with pytest.raises(ServeFailed, match=f"no Prefect server answers at PREFECT_API_URL={url}"):
        with prefect_api(4200):
            pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_starts_a_local_prefect_server_and_stops_it(tmp_path, monkeypatch):
    import httpx

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    port = _free_port()
    said: list[str] = []
    with prefect_api(port, said.append) as api_url:
        assert api_url == f"http://127.0.0.1:{port}/api"
        assert httpx.get(f"{api_url}/health", timeout=5).status_code == 200
        with pytest.raises(ServeFailed, match=f"port {port} on 127.0.0.1 is in use"):
            with local_server(port):
                pass
    assert said[0].startswith("Started a Prefect server") and f"http://127.0.0.1:{port}" in said[0]
    assert said[-1] == "Stopped the Prefect server."
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)


@pytest.mark.slow
def test_the_scheduled_flows_pull_then_deliver_the_last_complete_week(prefect_harness, tmp_path):
    """What the two deployments run, called once: the pull loads the simulator up to now,
    the weekly run reports the last complete week."""
    week = last_complete_week("America/New_York")
    config = tmp_path / "chatreach.toml"
    config.write_text(
        '[warehouse]\npath = "w.duckdb"\n\n'
        f"[sources.demo]\nweeks = 2\nseed = 5\nend_week = {week.isoformat()}\n\n"
        '[chats.tchat]\nhashtags = ["TChat"]\ntimezone = "America/New_York"\n'
        'hosts = ["TalentCulture"]\nsponsors = ["Monster_Works"]\nsources = ["demo"]\n'
    )
    scheduled_pull(str(config), "tchat")
    paths = scheduled_weekly(str(config), "tchat")
    warehouse = load_settings(config).warehouse.path
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.execute("select flow, status from ops.runs order by started_at").fetchall()
        weeks = con.execute("select week_start from ops.weekly_runs").fetchall()
        latest = con.execute("select max(created_at) from core.posts").fetchall()[0][0]
    finally:
        con.close()
    assert runs == [("pull", "succeeded"), ("weekly", "succeeded")]
    assert weeks == [(week,)]
    assert latest <= datetime.now(UTC)
    assert any(f"tchat/{week_label(week)}/sponsor.html" in str(path) for path in paths)


def test_serve_is_listed_and_its_help_needs_no_prefect(tmp_path):
    code = (
        "import sys; from flows.cli import main; sys.argv = ['chatreach', *sys.argv[1:]];\n"
        "try:\n    main()\nfinally:\n"
        "    print('PREFECT' if 'prefect' in sys.modules else 'NO-PREFECT', file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "serve", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0 and "--port" in result.stdout
    assert "NO-PREFECT" in result.stderr
