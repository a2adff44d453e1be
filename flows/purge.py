"""The purge flow: remove an account from the warehouse and rebuild what it touched."""

from pathlib import Path

from config.settings import load_settings
from flows.build import build_chats
from flows.orchestration import flow, flow_run_id, task
from warehouse.purge import PurgeResult, purge_account
from warehouse.session import RunSession, recorded_run


@task(task_run_name="purge {account}")
def purge_task(session: RunSession, account: str) -> PurgeResult:
    """Delete the account's records in one transaction."""
    return purge_account(session.con, account, session.run_id)


@flow(name="purge", run_name=lambda parameters: "purge an account")
def purge(config: Path, account: str) -> PurgeResult:
    """Purge the account, then rebuild every chat's weeks it appeared in."""
    settings = load_settings(config)
    with recorded_run(settings.warehouse, "purge", None, flow_run_id()) as session:
        result = purge_task(session, account)
        build_chats(session, list(settings.chats.values()), full=False)
    return result
