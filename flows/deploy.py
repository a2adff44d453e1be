"""`chatreach deploy --pool NAME`: each chat's deployments on a Prefect work pool, from
chatreach.toml, for a worker to run (instead of `chatreach serve` running them itself).

The deployments are the ones `serve` creates (flows/serve.py): per chat a pull on its
`pull_schedule` (when it has sources) and a weekly run on its `schedule`, cron in its time
zone, parameters the configuration's path and the chat, one run at a time each and one at a
time per warehouse. Their entrypoints are module paths, so a worker runs them from the
chatreach installed beside it, with its own environment's secrets.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prefect import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectNotFound

from config.section import ConfigError
from config.settings import Settings
from flows.serve import deployments_for, ensure_warehouse_limit, runner_deployment


@dataclass(frozen=True)
class Deployed:
    """One deployment created or updated on the pool."""

    full_name: str
    deployment_id: str
    cron: str
    timezone: str


def ensure_pool(pool: str, echo: Callable[[str], None] = print) -> bool:
    """Create a process work pool of that name unless one exists; True if it was created."""
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
            return False
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    echo(f"Created the process work pool '{pool}' (run: prefect worker start --pool {pool})")
    return True


def deploy(
    settings: Settings, config: Path, pool: str, echo: Callable[[str], None] = print
) -> list[Deployed]:
    """Create or update every chat's deployments on the work pool (made if missing)."""
    specs = deployments_for(settings, config)
    if not specs:
        raise ConfigError(f"{config}: no chats configured, nothing to deploy")
    ensure_pool(pool, echo)
    ensure_warehouse_limit(settings.warehouse.path)
    deployed = []
    for spec in specs:
        deployment_id = runner_deployment(spec).apply(work_pool_name=pool)
        deployed.append(Deployed(spec.full_name, str(deployment_id), spec.cron, spec.timezone))
        echo(f"{spec.full_name}: '{spec.cron}' ({spec.timezone}) on pool '{pool}'")
    return deployed
