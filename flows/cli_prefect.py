"""The commands that run chatreach as a Prefect service: `serve`."""

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


def register(app: typer.Typer) -> None:
    """Add these commands to the `chatreach` command."""
    app.command()(serve)
