"""`chatreach serve`: every chat's schedules, run by Prefect until stopped.

Per chat: a pull deployment on its `pull_schedule` (only for a chat with sources), a listen
deployment around its `session` (only for a chat that pulls bluesky and names a session) and
a weekly deployment on its `schedule`, all cron in the chat's time zone. The weekly one builds,
reports and delivers the last complete week. Their parameters are the configuration file and
the chat, so each run reads the configuration as it is then (a changed schedule needs a
restart of `serve`).

Prefect's temporary server runs no schedules: `serve` uses the server at PREFECT_API_URL, or
starts `prefect server start` on 127.0.0.1 for as long as it runs.
"""

import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from prefect import Flow, flow, get_client, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.concurrency.sync import concurrency
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from config.chat import ChatSettings
from config.section import ConfigError
from config.settings import Settings, load_settings
from flows.deliver import alert_failed_run, step
from flows.errors import ServeFailed
from flows.listening import listen_bluesky
from flows.orchestration import flow_run_id, prefect_hook
from flows.pull import pull_source, raise_if_failed
from flows.pulling import PullResult, pull_demo
from flows.weekly import weekly
from transforms.weeks import last_complete_week
from warehouse.load import LoadCounts
from warehouse.session import RunSession, recorded_run

SERVER_HOST = "127.0.0.1"
SERVER_START_SECONDS = 120.0
SERVER_STOP_SECONDS = 20.0


# -- one run at a time per warehouse -----------------------------------------------------------


def warehouse_limit_name(path: Path) -> str:
    """The Prefect global concurrency limit of one warehouse file: the runs of every chat that
    writes it take its one slot in turn, queued by Prefect instead of failing on the lock."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return f"chatreach-warehouse-{digest}"


def ensure_warehouse_limit(path: Path) -> str:
    """Create (or keep) the warehouse's concurrency limit of one slot; return its name."""
    name = warehouse_limit_name(path)
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, 1)
    return name


@contextmanager
def warehouse_slot(path: Path) -> Iterator[None]:
    """Hold the warehouse's one slot for the block, waiting in Prefect's queue for it."""
    with concurrency(ensure_warehouse_limit(path), occupy=1, strict=True):
        yield


# -- the scheduled flows ------------------------------------------------------------------------


@task(cache_policy=NO_CACHE, task_run_name="pull demo for {chat.slug}")
def pull_demo_task(session: RunSession, settings: Settings, chat: ChatSettings) -> LoadCounts:
    """Load what the simulator produced since the last pull, up to now."""
    return pull_demo(session.con, settings.sources.demo, chat, datetime.now(UTC), session.run_id)


@flow(
    name="scheduled-pull",
    flow_run_name="pull {chat}",
    on_failure=[prefect_hook(alert_failed_run)],
)
def scheduled_pull(config: str, chat: str) -> None:
    """Pull every source of the chat since its last pull (activity, then snapshots).

    The weekly flow's pull part, run on its own: a chat-level pull flow in flows/pull.py
    would take its place.
    """
    settings = load_settings(Path(config))
    chat_settings = settings.chat(chat)
    pulls: list[PullResult] = []
    with (
        warehouse_slot(settings.warehouse.path),
        recorded_run(settings.warehouse, "pull", chat, flow_run_id()) as session,
    ):
        for source in chat_settings.sources:
            step(f"pull {source}")
            if source == "demo":
                session.add(pull_demo_task(session, settings, chat_settings))
            else:
                pulls += pull_source(session, settings, chat_settings, source)
    raise_if_failed(pulls)


@flow(
    name="scheduled-listen",
    flow_run_name="listen {chat}",
    on_failure=[prefect_hook(alert_failed_run)],
)
def scheduled_listen(config: str, chat: str) -> None:
    """Listen to Bluesky's stream around the chat's session (its margin on either side).

    It takes no warehouse slot for the session: each batch is a short write of its own, and
    one that finds the warehouse busy waits in memory for the next."""
    settings = load_settings(Path(config))
    chat_settings = settings.chat(chat)
    listen_bluesky(settings, chat_settings, minutes=chat_settings.listen_minutes)


@flow(name="scheduled-weekly", flow_run_name="scheduled weekly {chat}")
def scheduled_weekly(config: str, chat: str) -> list[Path]:
    """The weekly flow for the chat's last complete week (it alerts when it fails)."""
    settings = load_settings(Path(config))
    with warehouse_slot(settings.warehouse.path):
        return weekly(Path(config), chat, last_complete_week(settings.chat(chat).timezone))


# -- the deployments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeploymentSpec:
    """One deployment `serve` creates: which flow, when, and with what."""

    name: str
    flow: Flow[..., Any]
    cron: str
    timezone: str
    parameters: dict[str, str]
    description: str

    @property
    def full_name(self) -> str:
        return f"{self.flow.name}/{self.name}"


def deployments_for(settings: Settings, config: Path) -> list[DeploymentSpec]:
    """Per chat, its pull deployment (when it has sources) and its weekly deployment."""
    specs = []
    for chat in settings.chats.values():
        parameters = {"config": str(Path(config).resolve()), "chat": chat.slug}
        if chat.sources:
            specs.append(
                DeploymentSpec(
                    chat.slug,
                    scheduled_pull,
                    chat.pull_schedule,
                    chat.timezone,
                    parameters,
                    f"Pull {', '.join(chat.sources)} for #{chat.hashtags[0]} since the last pull.",
                )
            )
        if chat.listen_cron is not None and "bluesky" in chat.sources:
            specs.append(
                DeploymentSpec(
                    chat.slug,
                    scheduled_listen,
                    chat.listen_cron,
                    chat.timezone,
                    parameters,
                    f"Capture #{chat.hashtags[0]}'s hour ({chat.session}, "
                    f"{chat.session_minutes} min, ±{chat.session_margin_minutes} min) from "
                    "Bluesky's Jetstream.",
                )
            )
        specs.append(
            DeploymentSpec(
                chat.slug,
                scheduled_weekly,
                chat.schedule,
                chat.timezone,
                parameters,
                f"Build, report and deliver the last complete week of #{chat.hashtags[0]}.",
            )
        )
    return specs


def runner_deployment(spec: DeploymentSpec) -> RunnerDeployment:
    """The Prefect deployment of a spec: a cron schedule in the chat's time zone."""
    return spec.flow.to_deployment(
        name=spec.name,
        schedule=Cron(spec.cron, timezone=spec.timezone),
        parameters=spec.parameters,
        description=spec.description,
        tags=["chatreach", f"chat:{spec.parameters['chat']}"],
        entrypoint_type=EntrypointType.MODULE_PATH,
        # A run that comes due while the last one still runs waits for it, in Prefect's queue.
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE
        ),
    )


# -- the Prefect server -------------------------------------------------------------------------


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def _healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started: its process group, politely, then for good."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(SERVER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(SERVER_STOP_SECONDS)
    except ProcessLookupError:
        pass


def _tail(path: Path, lines: int = 5) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " | ".join(line.strip() for line in text[-lines:]) or "(no output)"


@contextmanager
def local_server(
    port: int,
    echo: Callable[[str], None] = print,
    start_seconds: float = SERVER_START_SECONDS,
) -> Iterator[str]:
    """Run `prefect server start` on 127.0.0.1:port until the block ends; yield its API URL."""
    if _port_in_use(SERVER_HOST, port):
        raise ServeFailed(
            f"port {port} on {SERVER_HOST} is in use: set PREFECT_API_URL to the Prefect "
            "server there, or pass another --port"
        )
    api_url = f"http://{SERVER_HOST}:{port}/api"
    env = {
        **os.environ,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # The UI asks /ui-settings where its API is; without these it says port 4200.
        "PREFECT_SERVER_API_HOST": SERVER_HOST,
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_UI_API_URL": api_url,
    }
    env.pop("PREFECT_API_URL", None)
    log = Path(tempfile.mkstemp(prefix="chatreach-prefect-server-", suffix=".log")[1])
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                SERVER_HOST,
                "--port",
                str(port),
            ],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    try:
        deadline = time.monotonic() + start_seconds
        while not _healthy(api_url):
            if process.poll() is not None:
                raise ServeFailed(
                    f"prefect server start exited ({process.returncode}): {_tail(log)} (log: {log})"
                )
            if time.monotonic() > deadline:
                raise ServeFailed(
                    f"the Prefect server did not answer within {start_seconds:g} s (log: {log})"
                )
            time.sleep(0.5)
        echo(
            f"Started a Prefect server (pid {process.pid}); its UI is at "
            f"http://{SERVER_HOST}:{port} (log: {log})"
        )
        yield api_url
    finally:
        _stop(process)
        if process.returncode is not None:
            echo("Stopped the Prefect server.")


@contextmanager
def prefect_api(port: int, echo: Callable[[str], None] = print) -> Iterator[str]:
    """The server at PREFECT_API_URL (checked to answer), else a local one started for us."""
    configured = os.environ.get("PREFECT_API_URL")
    if not configured:
        with local_server(port, echo) as api_url:
            yield api_url
        return
    if not _healthy(configured):
        raise ServeFailed(f"no Prefect server answers at PREFECT_API_URL={configured}")
    echo(f"Using the Prefect server at {configured}")
    yield configured


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # so that a `kill` stops the schedules and our server cleanly


def serve(
    settings: Settings, config: Path, port: int = 4200, echo: Callable[[str], None] = print
) -> None:
    """Serve every chat's deployments until interrupted, against a server that runs schedules."""
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    specs = deployments_for(settings, config)
    if not specs:
        raise ConfigError(f"{config}: no chats configured, nothing to serve")
    previous = signal.signal(signal.SIGTERM, _terminate)
    configured = os.environ.get("PREFECT_API_URL")
    try:
        with prefect_api(port, echo) as api_url:
            os.environ["PREFECT_API_URL"] = api_url  # for the runs the runner starts
            for spec in specs:
                echo(f"{spec.full_name}: '{spec.cron}' ({spec.timezone})")
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                ensure_warehouse_limit(settings.warehouse.path)
                deployments = [runner_deployment(spec) for spec in specs]
                try:
                    prefect_serve(*deployments)
                except KeyboardInterrupt:
                    pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if configured is None:
            os.environ.pop("PREFECT_API_URL", None)
