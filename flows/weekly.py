"""The weekly job: pull the chat's sources, load, build, report and deliver the week."""

from datetime import date
from pathlib import Path

from config.chat import ChatSettings
from config.settings import Settings, load_settings
from delivery.ledger import published_unsent_weeks
from flows.build import build_chat_task
from flows.deliver import alert_failed_run, deliver_reports, step
from flows.errors import SourceUnavailable
from flows.names import run_name
from flows.orchestration import flow, flow_run_id, task
from flows.pull import pull_source, raise_if_failed
from flows.pulling import PullResult, pull_demo
from flows.report import default_out_dir, write_reports_task
from transforms.weeks import last_complete_week, week_end, week_label
from warehouse.load import LoadCounts
from warehouse.session import RunSession, recorded_run


@task(
    retries=2,
    backoff=0.5,
    task_run_name="pull {source} for {chat.slug}",
)
def pull_task(
    session: RunSession, settings: Settings, chat: ChatSettings, source: str, week_start: date
) -> LoadCounts:
    """Pull the simulator up to the end of the week and load what it returned."""
    if source != "demo":
        raise SourceUnavailable(f"chats.{chat.slug}.sources: '{source}' cannot be pulled yet")
    return pull_demo(
        session.con,
        settings.sources.demo,
        chat,
        week_end(week_start, chat.timezone),
        session.run_id,
    )


@flow(name="weekly", run_name=run_name("weekly"), on_failure=alert_failed_run)
def weekly(
    config: Path,
    chat: str,
    week_start: date | None = None,
    out_dir: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Pull, load, build, report and deliver one chat-week (default: the last complete week).

    A report goes once to each recipient (again only with `force`); a failed step alerts.
    Reports of the last weeks that a failed delivery left unsent go out after this week's.
    """
    settings = load_settings(config)
    chat_settings = settings.chat(chat)
    week_start = week_start or last_complete_week(chat_settings.timezone)
    pulls: list[PullResult] = []
    with recorded_run(settings.warehouse, "weekly", chat, flow_run_id()) as session:
        for source in chat_settings.sources:
            step(f"pull {source}")
            if source == "demo":
                session.add(pull_task(session, settings, chat_settings, source, week_start))
            else:  # activity since the last pull, then snapshots
                pulls += pull_source(session, settings, chat_settings, source)
        step("build")
        build_chat_task(session, chat_settings)
    step("pull")
    raise_if_failed(pulls)  # after publishing what loaded; no report from a failed pull
    step("report")
    out_dir = out_dir or default_out_dir(settings)
    paths = write_reports_task(settings, chat, week_start, out_dir)
    deliver_reports(settings, chat, week_start, paths, session.run_id, force)
    resend_unsent_weeks(settings, chat, week_start, out_dir, session.run_id)
    return paths


def resend_unsent_weeks(
    settings: Settings, chat: str, week_start: date, out_dir: Path, run_id: str
) -> None:
    """Send the sponsor reports of the last weeks that a failed delivery left unsent, to the
    recipients who still lack them, rewritten from the warehouse as it is now."""
    for earlier in published_unsent_weeks(settings.warehouse, chat, week_start):
        step(f"report {week_label(earlier)}")
        paths = write_reports_task(settings, chat, earlier, out_dir)
        deliver_reports(settings, chat, earlier, paths, f"{run_id} {week_label(earlier)}")
