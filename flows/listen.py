"""The listen flow: a chat's hour on Bluesky, captured live from Jetstream."""

from datetime import datetime
from pathlib import Path
from typing import Any

from config.settings import load_settings
from flows.listening import ListenResult, listen_bluesky, listen_lines
from flows.orchestration import flow, publish_artifact


def _run_name(parameters: dict[str, Any]) -> str:
    return f"listen bluesky {parameters.get('chat')}"


@flow(name="listen-bluesky", run_name=_run_name)
def listen(
    config: Path,
    chat: str,
    minutes: float | None = None,
    until: datetime | None = None,
    since: datetime | None = None,
) -> ListenResult:
    """Keep the chat's posts, their reposts and deletions from the stream, batch by batch."""
    settings = load_settings(Path(config))
    result = listen_bluesky(
        settings, settings.chat(chat), minutes=minutes, until=until, since=since
    )
    lines = listen_lines(result)
    publish_artifact(
        "markdown",
        markdown=f"## {lines[0]}\n\n" + "\n".join(f"- {line}" for line in lines[1:]),
        key=f"bluesky-stream-{chat}".replace("_", "-"),
        description="What the listening session read and kept",
    )
    return result
