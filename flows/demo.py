"""The demo: the weekly job run for every week of a simulated #TChat community."""

from datetime import date, timedelta
from pathlib import Path

from config.demo import DEMO_CHAT
from config.settings import Settings, load_settings
from flows.orchestration import flow
from flows.report import default_out_dir
from flows.weekly import weekly


def simulated_weeks(settings: Settings) -> list[date]:
    """The Mondays of the simulated weeks, oldest first."""
    simulation = settings.sources.demo
    assert simulation.end_week is not None
    return [
        simulation.end_week - timedelta(weeks=back) for back in reversed(range(simulation.weeks))
    ]


@flow(name="demo", run_name=lambda parameters: "demo tchat")
def demo(config: Path) -> Path:
    """Run the weekly flow for each simulated week in order; return the report index."""
    settings = load_settings(config)
    for week_start in simulated_weeks(settings):
        weekly(config, DEMO_CHAT, week_start)
    return default_out_dir(settings) / "index.html"
