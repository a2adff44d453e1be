"""The report flow: write a chat-week's HTML pages from the published warehouse."""

from datetime import date
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from config.settings import Settings
from flows.names import run_name
from reports.render import write_week_reports
from transforms.weeks import last_complete_week
from warehouse.publish import reading


def default_out_dir(settings: Settings) -> Path:
    """Reports go beside the warehouse unless told otherwise."""
    return settings.warehouse.path.parent / "reports"


@task(
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=0.5),
    cache_policy=NO_CACHE,
    task_run_name="write reports {chat} {week_start}",
)
def write_reports_task(
    settings: Settings, chat: str, week_start: date, out_dir: Path
) -> list[Path]:
    """Write the week's pages and the index; return every path written."""
    con = reading(settings.warehouse.path)
    try:
        return write_week_reports(
            con, settings.chat(chat), week_start, out_dir, settings.privacy.opt_out,
            respect_nobot=settings.privacy.respect_nobot,
        )
    finally:
        con.close()


@flow(name="report", flow_run_name=run_name("report"))
def report(
    settings: Settings, chat: str, week_start: date | None = None, out_dir: Path | None = None
) -> list[Path]:
    """Write the reports of a chat-week (default: the last complete week)."""
    chat_settings = settings.chat(chat)
    week_start = week_start or last_complete_week(chat_settings.timezone)
    out_dir = out_dir or default_out_dir(settings)
    return write_reports_task(settings, chat, week_start, out_dir)
