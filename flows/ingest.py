"""Ingest flows: canonical files (and, per chat, its configured sources) into the warehouse."""

from collections import deque
from dataclasses import replace
from pathlib import Path

from config.settings import load_settings
from flows.errors import InputProblems
from flows.names import run_name
from flows.orchestration import flow, flow_run_id, run_logger, task
from flows.progress import progress_bar
from schemas.records import RECORD_KINDS
from sources.files import BadFile, read_canonical
from sources.twarc_format import is_twarc
from warehouse.ingest import Validating, load_file
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


class ReadAhead:
    """The canonical files of one ingest, each read and validated (`Validating`) before its
    load task runs: the first while the warehouse is opened (its copy is made), each next one
    while the one before loads. A task takes its file's once; a retry reads the file afresh.
    A posts file that is a twarc2 archive (by its content, looked at once) is left to its own
    load."""

    def __init__(self, files: list[tuple[Path, str]]) -> None:
        canonical = [(Path(p), kind) for p, kind in files if _is_canonical(p, kind)]
        self._canonical = set(canonical)
        self._waiting = deque(canonical)
        self._started: dict[tuple[Path, str], Validating] = {}

    def is_canonical(self, path: Path, kind: str) -> bool:
        """Whether the file is read as canonical records (not a twarc2 archive)."""
        return (Path(path), kind) in self._canonical

    def start_next(self) -> None:
        """Start reading the next file not started yet, if any."""
        if self._waiting:
            path, kind = self._waiting.popleft()
            record_kind = RECORD_KINDS[kind]
            self._started[(path, kind)] = Validating(record_kind, read_canonical(path, record_kind))

    def take(self, path: Path, kind: str) -> Validating | None:
        """The file's read, if it was started and not taken yet."""
        return self._started.pop((Path(path), kind), None)

    def close(self) -> None:
        """Stop every read no task took (the ingest ended early)."""
        for validating in self._started.values():
            validating.close()
        self._started.clear()


def _is_canonical(path: Path, kind: str) -> bool:
    """A file to read as canonical records: not a twarc2 archive. A missing file is one, too:
    its load says so."""
    return not (kind == "post" and Path(path).is_file() and is_twarc(path))


@task(
    retries=2,
    backoff=0.5,
    retry_condition_fn=_retry_unless_bad_input,
    task_run_name="load {kind} file {path.name}",
)
def load_file_task(session: RunSession, path: Path, kind: str, ahead: ReadAhead) -> LoadCounts:
    """Load one canonical file in one transaction (its records counted on a terminal); the
    next file of `ahead` is read meanwhile."""
    started = ahead.take(path, kind)
    ahead.start_next()
    record_kind = RECORD_KINDS[kind]
    batches = started if started is not None else read_canonical(path, record_kind)
    try:
        with progress_bar(f"load {path.name}", unit="records") as bar:
            return load_file(
                session.con, path, record_kind, batches, run_id=session.run_id, on_batch=bar.advance
            )
    finally:
        if started is not None:
            started.close()


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


def load_files(
    session: RunSession, files: list[tuple[Path, str]], chat: str, ahead: ReadAhead
) -> None:
    """Load each file; a bad file is noted as a problem of the run and loads nothing.

    A posts file that is a twarc2 archive (by its content) is read as one.
    """
    for path, kind in files:
        try:
            if ahead.is_canonical(path, kind):
                session.add(load_file_task(session, path, kind, ahead))
            else:
                session.add(load_twarc_task(session, path, chat))
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
    ahead = ReadAhead(files)
    ahead.start_next()
    try:
        with recorded_run(settings.warehouse, "ingest-files", chat, flow_run_id()) as session:
            load_files(session, files, chat, ahead)
    finally:
        ahead.close()
    if session.problems:
        raise InputProblems(session.problems)
    if not session.changed:
        run_logger().info("nothing new in these files: nothing was written")
    return replace(session.counts, wrote=session.changed)
