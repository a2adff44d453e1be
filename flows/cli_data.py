"""The commands that hand the warehouse to other tools: `export`."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from flows import cli_common as common


def export(
    to: Annotated[Path, typer.Option("--to", help="Folder for the files (made if missing).")],
    file_format: Annotated[
        Literal["parquet", "csv"], typer.Option("--format", help="File format.")
    ] = "parquet",
    core: Annotated[
        bool, typer.Option("--core", help="Also the core tables: posts, accounts, snapshots.")
    ] = False,
    include_opted_out: Annotated[
        bool,
        typer.Option(
            "--include-opted-out",
            help="Keep the names, handles and texts of opted-out and not-indexed accounts.",
        ),
    ] = False,
) -> None:
    """Write the marts (with --core also core) one file per table, and the dictionary."""

    def action() -> None:
        common.settings()
        from flows.export import export as export_flow

        result = export_flow(common.config_path(), to, file_format, core, include_opted_out)
        for path in result.files:
            typer.echo(str(path))
        if result.blanked_accounts:
            typer.echo(
                f"names, handles and texts of {result.blanked_accounts} opted-out or not-indexed "
                "accounts left empty (--include-opted-out keeps them)"
            )

    common.run(action)


def register(app: typer.Typer) -> None:
    """Add these commands to the `chatreach` command."""
    app.command()(export)
