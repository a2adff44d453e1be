"""The purge flow: remove an account from the warehouse and rebuild what it touched."""

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from config.settings import Settings
from flows.build import build_chats
from warehouse.purge import PurgeResult, purge_account
from warehouse.session import RunSession, recorded_run


@task(cache_policy=NO_CACHE, task_run_name="purge {account}")
def purge_task(session: RunSession, account: str) -> PurgeResult:
    """Delete the account's records in one transaction."""
    return purge_account(session.con, account, session.run_id)


@flow(name="purge", flow_run_name="purge an account")
def purge(settings: Settings, account: str) -> PurgeResult:
    """Purge the account, then rebuild every chat's weeks it appeared in."""
    with recorded_run(settings.warehouse, "purge", None) as session:
        result = purge_task(session, account)
        build_chats(session, list(settings.chats.values()), full=False)
    return result
