"""The export flow: the published warehouse's tables as files, honouring `[privacy]`."""

from pathlib import Path

from config.settings import load_settings
from flows.orchestration import flow
from reports.export import ExportResult, Format, export_warehouse
from warehouse.publish import reading


@flow(name="export")
def export(
    config: Path,
    to: Path,
    file_format: Format = "parquet",
    core: bool = False,
    include_opted_out: bool = False,
) -> ExportResult:
    """Export the marts (and with `core` the core tables) to the folder `to`."""
    settings = load_settings(config)
    con = reading(settings.warehouse.path)
    try:
        return export_warehouse(
            con,
            to,
            file_format,
            include_core=core,
            opt_out=settings.privacy.opt_out,
            respect_nobot=settings.privacy.respect_nobot,
            include_opted_out=include_opted_out,
        )
    finally:
        con.close()
