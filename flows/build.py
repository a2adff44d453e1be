"""The build flow: recompute the marts of each chat for the weeks whose inputs changed."""

from dataclasses import replace
from pathlib import Path

from config.chat import ChatSettings
from config.settings import WarehouseSettings, load_settings
from flows.names import run_name
from flows.orchestration import flow, flow_run_id, run_logger, task
from flows.progress import progress_bar
from transforms.build import BuildResult, build_chat, is_up_to_date
from transforms.models import all_steps
from warehouse.publish import WarehouseMissing, WarehouseOutdated, has_unpublished_steps, reading
from warehouse.session import RunSession, recorded_run
from warehouse.storage import needs_conversion


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


def up_to_date(warehouse: WarehouseSettings, chats: list[ChatSettings]) -> bool:
    """Whether every chat's marts are up to date in the published warehouse (nothing to copy,
    build or publish), and it is in the storage format chatreach writes."""
    if has_unpublished_steps(warehouse.path):
        return False
    try:
        con = reading(warehouse.path)
    except (WarehouseMissing, WarehouseOutdated):
        return False
    try:
        return not needs_conversion(con) and all(is_up_to_date(con, chat) for chat in chats)
    finally:
        con.close()


def build_chats(session: RunSession, chats: list[ChatSettings], full: bool) -> list[BuildResult]:
    """Build every chat given, in order."""
    return [build_chat_task(session, chat, full) for chat in chats]


@flow(name="build", run_name=run_name("build"))
def build(config: Path, chat: str | None = None, full: bool = False) -> list[BuildResult]:
    """Build the marts of one chat, or of every configured chat."""
    settings = load_settings(config)
    chats = [settings.chat(chat)] if chat else list(settings.chats.values())
    if not full and up_to_date(settings.warehouse, chats):
        run_logger().info("every chat is up to date: nothing was written")
        return [BuildResult(chat.slug, False, 0, wrote=False) for chat in chats]
    with recorded_run(settings.warehouse, "build", chat, flow_run_id()) as session:
        results = build_chats(session, chats, full)
    if not session.changed:
        run_logger().info("nothing changed: nothing was written")
        return [replace(result, wrote=False) for result in results]
    return results
