"""The commands that run chatreach as a Prefect service: `serve` and `deploy`."""

import os
from typing import Annotated

import typer

from flows import cli_common as common


def serve(
    port: Annotated[
        int,
        typer.Option(
            help="Port of the local Prefect server started when PREFECT_API_URL is not set."
        ),
    ] = 4200,
) -> None:
    """Run every chat's pull and weekly schedules through Prefect until stopped (Ctrl-C)."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # a service's runs log to its UI

    def action() -> None:
        settings = common.settings()
        from flows.serve import serve as serve_chats

        serve_chats(settings, common.config_path(), port, typer.echo)

    common.run(action)


def deploy(
    pool: Annotated[
        str, typer.Option("--pool", help="Work pool name (a process pool is made if missing).")
    ],
) -> None:
    """Create every chat's deployments on a Prefect work pool, for a worker to run."""

    def action() -> None:
        from flows.errors import ServeFailed
        from flows.orchestration import orchestrated

        settings = common.settings()
        if not orchestrated():
            raise ServeFailed("deploy needs the Prefect server of the workers: set PREFECT_API_URL")
        from flows.deploy import deploy as deploy_chats

        deploy_chats(settings, common.config_path(), pool, typer.echo)

    common.run(action)


def register(app: typer.Typer) -> None:
    """Add these commands to the `chatreach` command."""
    app.command()(serve)
    app.command()(deploy)
