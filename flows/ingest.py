"""Ingest flows: canonical files (and, per chat, its configured sources) into the warehouse."""

from dataclasses import replace
from pathlib import Path

from config.settings import load_settings
from flows.errors import InputProblems
from flows.names import run_name
from flows.orchestration import flow, flow_run_id, run_logger, task
from flows.progress import counting_rows, progress_bar
from schemas.records import RECORD_KINDS
from sources.files import BadFile, read_canonical
from sources.twarc_format import is_twarc
from warehouse.ingest import load_file
from warehouse.load import LoadCounts
from warehouse.session import RunSession, recorded_run


def _retry_unless_bad_input(task, task_run, state) -> bool:
    try:
        state.result()
    except BadFile:
        return False
    except Exception:
        return True
    return False


@task(
    retries=2,
    backoff=0.5,
    retry_condition_fn=_retry_unless_bad_input,
    task_run_name="load {kind} file {path.name}",
)
def load_file_task(session: RunSession, path: Path, kind: str) -> LoadCounts:
    """Load one canonical file in one transaction (its records counted on a terminal)."""
    with progress_bar(f"load {path.name}", unit="records") as bar:
        return load_file(
            session.con,
            path,
            RECORD_KINDS[kind],
            counting_rows(read_canonical(path, RECORD_KINDS[kind]), bar),
            run_id=session.run_id,
        )


@task(
    retries=2,
    backoff=0.5,
    task_run_name="load twarc2 archive {path.name}",
)
def load_twarc_task(session: RunSession, path: Path, chat: str) -> LoadCounts:
    """Load a twarc2 archive in batches of lines (bad lines quarantined); resumes after a
    crash. Its posts are counted on a terminal."""
    from flows.pulling import load_twarc  # the API connectors' imports, for archives alone

    with progress_bar(f"load {path.name}", unit="posts") as bar:
        return load_twarc(
            session.con,
            path,
            chat,
            run_id=session.run_id,
            after_page=lambda page: bar.advance(page.posts.height),
        ).counts


def load_files(session: RunSession, files: list[tuple[Path, str]], chat: str) -> None:
    """Load each file; a bad file is noted as a problem of the run and loads nothing.

    A posts file that is a twarc2 archive (by its content) is read as one.
    """
    for path, kind in files:
        try:
            if kind == "post" and Path(path).is_file() and is_twarc(path):
                session.add(load_twarc_task(session, path, chat))
            else:
                session.add(load_file_task(session, path, kind))
        except BadFile as error:
            session.problem(str(error))


@flow(name="ingest-files", run_name=run_name("ingest files"))
def ingest_files(
    config: Path,
    chat: str,
    posts: list[Path],
    accounts: list[Path],
    snapshots: list[Path],
) -> LoadCounts:
    """Load canonical files for a chat; raise InputProblems after publishing if any was bad."""
    settings = load_settings(config)
    settings.chat(chat)
    files = (
        [(p, "post") for p in posts]
        + [(p, "account") for p in accounts]
        + [(p, "snapshot") for p in snapshots]
    )
    with recorded_run(settings.warehouse, "ingest-files", chat, flow_run_id()) as session:
        load_files(session, files, chat)
    if session.problems:
        raise InputProblems(session.problems)
    if not session.changed:
        run_logger().info("nothing new in these files: nothing was written")
    return replace(session.counts, wrote=session.changed)
