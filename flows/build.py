"""The build flow: recompute the marts of each chat for the weeks whose inputs changed."""

from pathlib import Path

from config.settings import ChatSettings, load_settings
from flows.names import run_name
from flows.orchestration import flow, task
from flows.progress import progress_bar
from transforms.build import BuildResult, build_chat
from transforms.models import all_steps
from warehouse.session import RunSession, recorded_run


@task(task_run_name="build {chat.slug}")
def build_chat_task(session: RunSession, chat: ChatSettings, full: bool = False) -> BuildResult:
    """Build one chat's marts in one transaction (a bar of its steps on a terminal)."""
    with progress_bar(f"build {chat.slug}", total=len(all_steps())) as bar:
        return build_chat(
            session.con,
            chat,
            full,
            on_step=lambda name: bar.advance(1, f"build {chat.slug}: {name}"),
        )


def build_chats(session: RunSession, chats: list[ChatSettings], full: bool) -> list[BuildResult]:
    """Build every chat given, in order."""
    return [build_chat_task(session, chat, full) for chat in chats]


@flow(name="build", run_name=run_name("build"))
def build(config: Path, chat: str | None = None, full: bool = False) -> list[BuildResult]:
    """Build the marts of one chat, or of every configured chat."""
    settings = load_settings(config)
    chats = [settings.chat(chat)] if chat else list(settings.chats.values())
    with recorded_run(settings.warehouse, "build", chat) as session:
        return build_chats(session, chats, full)
