"""The report flow: write a chat-week's HTML pages from the published warehouse."""

from datetime import date
from pathlib import Path

from config.settings import Settings, load_settings
from flows.names import run_name
from flows.orchestration import flow, publish_artifact, task
from reports.headline import headline_numbers, headline_table
from reports.render import write_week_reports
from transforms.weeks import last_complete_week, week_label
from warehouse.publish import reading


def default_out_dir(settings: Settings) -> Path:
    """Reports go beside the warehouse unless told otherwise."""
    return settings.warehouse.path.parent / "reports"


@task(
    retries=2,
    backoff=0.5,
    task_run_name="write reports {chat} {week_start}",
)
def write_reports_task(
    settings: Settings, chat: str, week_start: date, out_dir: Path
) -> list[Path]:
    """Write the week's pages and the index; publish the headline numbers and the main pages
    as Prefect artifacts; return every path written."""
    con = reading(settings.warehouse.path)
    try:
        paths = write_week_reports(
            con,
            settings.chat(chat),
            week_start,
            out_dir,
            settings.privacy.opt_out,
            respect_nobot=settings.privacy.respect_nobot,
        )
        numbers = headline_numbers(con, chat, week_start)
    finally:
        con.close()
    publish_artifacts(chat, week_start, numbers, paths)
    return paths


def publish_artifacts(chat: str, week_start: date, numbers: dict, paths: list[Path]) -> None:
    """A table artifact with the headline numbers, and a link artifact to each main page."""
    label = week_label(week_start)
    key = f"{chat}-{label}".lower().replace("_", "-")  # artifact keys: a-z, 0-9 and dashes
    publish_artifact(
        "table",
        key=f"{key}-headline",
        table=headline_table(numbers),
        description=f"Headline numbers of #{chat} {label}",
    )
    for path in paths:
        if path.name in ("sponsor.html", "community.html", "index.html"):
            publish_artifact(
                "link",
                key=f"{key}-{path.stem}",
                link=Path(path).resolve().as_uri(),
                link_text=f"{path.stem} page",
                description=f"{chat} {label} {path.stem} page",
            )


@flow(name="report", run_name=run_name("report"))
def report(
    config: Path, chat: str, week_start: date | None = None, out_dir: Path | None = None
) -> list[Path]:
    """Write the reports of a chat-week (default: the last complete week)."""
    settings = load_settings(config)
    chat_settings = settings.chat(chat)
    week_start = week_start or last_complete_week(chat_settings.timezone)
    out_dir = out_dir or default_out_dir(settings)
    return write_reports_task(settings, chat, week_start, out_dir)
