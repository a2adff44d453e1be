"""The demo: the weekly job run for every week of a simulated #TChat community."""

from datetime import date, timedelta
from pathlib import Path

from prefect import flow

from config.demo import DEMO_CHAT
from config.settings import Settings
from flows.report import default_out_dir
from flows.weekly import weekly


def simulated_weeks(settings: Settings) -> list[date]:
    """The Mondays of the simulated weeks, oldest first."""
    simulation = settings.sources.demo
    assert simulation.end_week is not None
    return [
        simulation.end_week - timedelta(weeks=back) for back in reversed(range(simulation.weeks))
    ]


@flow(name="demo", flow_run_name="demo tchat")
def demo(settings: Settings) -> Path:
    """Run the weekly flow for each simulated week in order; return the report index."""
    for week_start in simulated_weeks(settings):
        weekly(settings, DEMO_CHAT, week_start)
    return default_out_dir(settings) / "index.html"
