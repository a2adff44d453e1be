"""The delivery steps of the weekly flow, and the alert a failed weekly run sends.

`step(name)` notes which step the running flow is at; the flow's `on_failure` hook
(`alert_failed_run`) then sends one alert naming it to the chat's `alerts` addresses.
"""

import logging
from datetime import date
from pathlib import Path
from typing import Any

from config.settings import Settings, load_settings
from delivery.alerts import failure_alert
from delivery.ledger import Delivery, publish_outcome
from delivery.smtp import describe, send_messages, smtp_server
from delivery.week import check_volume, deliver_week, undelivered
from flows.errors import DeliveryFailed
from flows.orchestration import note_step, publish_artifact, run_logger, task
from reports.volume import Volume
from transforms.weeks import week_label

log = logging.getLogger(__name__)

step = note_step
"""Note the step the current flow run is at: a failure's alert names it."""


def alert_failed_run(
    flow: str, run: str, parameters: dict[str, Any], error: BaseException, failed_step: str
) -> None:
    """on_failure hook: e-mail the chat's alert addresses the failed step and its message.

    The run stays Failed whatever happens here; a failure to alert is logged, never raised.
    """
    try:
        settings = load_settings(Path(parameters["config"]))
        chat = parameters["chat"]
        week = parameters.get("week_start")
        week_start = date.fromisoformat(week) if isinstance(week, str) else week
        if not settings.chat(chat).alerts:
            return
        text = str(error) or type(error).__name__
        message = failure_alert(settings, chat, week_start, failed_step, text, run, flow=flow)
        server = smtp_server(settings.delivery)
        [result] = send_messages(server, [(settings.chat(chat).alerts, message)])
        if not result.sent:
            log.error("the alert of run %s could not be sent: %s", run, result.error)
    except Exception as problem:  # the alert must not hide the failure it reports
        log.error("the alert of run %s could not be sent: %s", run, describe(problem))


@task(task_run_name="check the volume of {chat} {week_start}")
def check_volume_task(settings: Settings, chat: str, week_start: date) -> Volume:
    """The week's posts against the trailing median; a low week is logged as a warning."""
    volume = check_volume(settings, chat, week_start)
    if volume.warning:
        run_logger().warning("%s %s: %s", chat, week_label(week_start), volume.warning)
    return volume


@task(task_run_name="deliver {chat} {week_start}")
def deliver_task(
    settings: Settings,
    chat: str,
    week_start: date,
    sponsor_page: Path,
    volume: Volume,
    force: bool,
) -> list[Delivery]:
    """Send the sponsor report (and any low-data note) still due; SMTP retries are inside."""
    return deliver_week(settings, chat, week_start, sponsor_page, volume, force)


@task(task_run_name="record the delivery of {chat} {week_start}")
def record_task(
    settings: Settings,
    run_id: str,
    chat: str,
    week_start: date,
    deliveries: list[Delivery],
    volume: Volume,
) -> bool:
    """Record the deliveries, and the week as complete when all went; publish."""
    complete = publish_outcome(settings.warehouse, run_id, chat, week_start, deliveries, volume)
    lines = [
        f"- {d.kind} to {d.recipient}: {'sent' if d.sent else 'FAILED'} "
        f"({d.attempts} attempt{'s' if d.attempts != 1 else ''})"
        for d in deliveries
    ]
    publish_artifact(
        "markdown",
        key=f"delivery-{chat}-{week_label(week_start)}".lower().replace("_", "-"),
        markdown=f"## Delivery of {chat} {week_label(week_start)}\n\n"
        + ("\n".join(lines) or "Nothing was due: no recipient, or all had it already.")
        + (f"\n\n**{volume.warning}**" if volume.warning else ""),
        description="Who was sent the week's report",
    )
    return complete


def sponsor_page(paths: list[Path], week_start: date) -> Path:
    """The sponsor page of the week among the paths the report step wrote."""
    label = week_label(week_start)
    for path in paths:
        if Path(path).name == "sponsor.html" and Path(path).parent.name == label:
            return Path(path)
    raise DeliveryFailed(f"the report step wrote no sponsor page for {label}")


def deliver_reports(
    settings: Settings,
    chat: str,
    week_start: date,
    paths: list[Path],
    run_id: str,
    force: bool = False,
) -> list[Delivery]:
    """Check the week's volume, deliver what is due, record it; raise DeliveryFailed after
    recording when a message could not be sent (the report files stay written)."""
    step("check volume")
    volume = check_volume_task(settings, chat, week_start)
    step("deliver")
    deliveries = deliver_task(
        settings, chat, week_start, sponsor_page(paths, week_start), volume, force
    )
    step("record delivery")
    record_task(settings, run_id, chat, week_start, deliveries, volume)
    step("deliver")
    failure = undelivered(deliveries)
    if failure:
        raise DeliveryFailed(f"{chat} {week_label(week_start)}: {failure}")
    return deliveries
