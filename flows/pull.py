"""Pull flows: a chat's activity and follower counts from X, Mastodon or Bluesky.

Each pull loads page by page (see flows/pulling), so a task retry, or the next run
after a crash, resumes right after the last page loaded. A pull that stops with a source
error is a problem of the run: what it loaded is published, the run is recorded as failed,
and the flow raises PullFailed after publishing.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from config.chat import ChatSettings
from config.settings import Settings, load_settings
from flows.errors import PullFailed
from flows.orchestration import flow, flow_run_id, publish_artifact, task
from flows.pulling import (
    API_SOURCES,
    PullResult,
    check_credentials,
    coverage_lines,
    is_transient,
    pull_activity,
    pull_snapshots,
)
from schemas.pages import SourceError
from warehouse.session import RunSession, recorded_run

ApiSource = Literal["x", "mastodon", "bluesky"]


def _retry_if_transient(task: Any, task_run: Any, state: Any) -> bool:
    try:
        state.result()
    except Exception as error:
        return is_transient(error)
    return False


_RETRIES: dict[str, Any] = {
    "retries": 2,
    "backoff": 10,
    "retry_condition_fn": _retry_if_transient,
}


@task(**_RETRIES, task_run_name="pull {source} activity of {chat.slug}")
def pull_activity_task(
    session: RunSession,
    settings: Settings,
    chat: ChatSettings,
    source: str,
    since: datetime | None,
    until: datetime | None,
    result: PullResult,
) -> PullResult:
    """Pull and load the chat's hashtags from one source, page by page."""
    return pull_activity(
        session.con,
        settings,
        chat,
        source,
        run_id=session.run_id,
        since=since,
        until=until,
        result=result,
    )


@task(**_RETRIES, task_run_name="pull {source} snapshots of {chat.slug}")
def pull_snapshots_task(
    session: RunSession,
    settings: Settings,
    chat: ChatSettings,
    source: str,
    result: PullResult,
) -> PullResult:
    """Look up and load the follower counts of the chat's participants on one source."""
    return pull_snapshots(session.con, settings, chat, source, run_id=session.run_id, result=result)


def _publish_coverage(result: PullResult) -> None:
    lines = coverage_lines(result)
    key = f"{result.source}-{result.kind}-{result.chat}".replace("_", "-")
    publish_artifact(
        "markdown",
        markdown=f"## {lines[0]}\n\n" + "\n".join(f"- {line}" for line in lines[1:]),
        key=key,
        description=f"Coverage of the {result.source} {result.kind} pull",
    )


def pull_source(
    session: RunSession,
    settings: Settings,
    chat: ChatSettings,
    source: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    activity: bool = True,
    snapshots: bool = True,
) -> list[PullResult]:
    """Pull a source's activity, then its snapshots, within the session; a pull that stops
    with a source error becomes a problem of the run (what it loaded is kept)."""
    results = []
    for kind in ("activity", "snapshots"):
        if not (activity if kind == "activity" else snapshots):
            continue
        result = PullResult(chat.slug, source, kind)
        try:
            if kind == "activity":
                result = pull_activity_task(session, settings, chat, source, since, until, result)
            else:
                result = pull_snapshots_task(session, settings, chat, source, result)
        except SourceError as error:
            result.error = str(error)
            session.problem(f"{source} {kind}: {error}")
        session.add(result.counts)
        _publish_coverage(result)
        results.append(result)
    return results


def raise_if_failed(results: list[PullResult]) -> None:
    """Raise PullFailed (after publishing) when one of the pulls stopped with an error."""
    if any(result.error for result in results):
        raise PullFailed(results)


def _run_name(action: str) -> Callable[[dict[str, Any]], str]:
    def name(parameters: dict[str, Any]) -> str:
        words = (action, parameters.get("source"), parameters.get("chat"))
        return " ".join(str(word) for word in words if word)

    return name


@flow(name="ingest-source", run_name=_run_name("ingest"))
def ingest_source(
    config: Path,
    chat: str,
    source: ApiSource,
    since: datetime | None = None,
    until: datetime | None = None,
) -> PullResult:
    """Pull a chat's activity from one network (since the last pull, or in [since, until))."""
    settings = load_settings(config)
    chat_settings = settings.chat(chat)
    check_credentials(settings.sources, source)
    with recorded_run(settings.warehouse, f"ingest-{source}", chat, flow_run_id()) as session:
        results = pull_source(
            session, settings, chat_settings, source, since=since, until=until, snapshots=False
        )
    raise_if_failed(results)
    return results[0]


@flow(name="snapshot-source", run_name=_run_name("snapshot"))
def snapshot_source(config: Path, chat: str, source: ApiSource) -> PullResult:
    """Look up the follower counts of a chat's `snapshot_accounts` on one network."""
    settings = load_settings(config)
    chat_settings = settings.chat(chat)
    check_credentials(settings.sources, source)
    with recorded_run(settings.warehouse, f"snapshot-{source}", chat, flow_run_id()) as session:
        results = pull_source(session, settings, chat_settings, source, activity=False)
    raise_if_failed(results)
    return results[0]


@flow(name="pull", run_name=_run_name("pull"))
def pull_chat(config: Path, chat: str, snapshots: bool = False) -> list[PullResult]:
    """The daily pull (`pull_schedule`): each API source of the chat since its last pull, so
    no post ages out of a 7-day search; follower counts too with `snapshots`."""
    settings = load_settings(config)
    chat_settings = settings.chat(chat)
    sources = [source for source in chat_settings.sources if source in API_SOURCES]
    with recorded_run(settings.warehouse, "pull", chat, flow_run_id()) as session:
        results = [
            result
            for source in sources
            for result in pull_source(session, settings, chat_settings, source, snapshots=snapshots)
        ]
    raise_if_failed(results)
    return results
