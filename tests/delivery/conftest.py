"""A small simulated chat, built without Prefect, and a report page to attach."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from config.demo import demo_settings
from config.settings import Settings
from flows.pulling import pull_demo
from transforms.build import build_chat
from transforms.weeks import week_end, week_label
from warehouse.publish import writing

END_WEEK = date(2026, 11, 16)  # 2026-W47
WEEKS = 3


def simulated_warehouse(folder: Path, weeks: int = WEEKS) -> Settings:
    """The demo chat's settings, its warehouse loaded and built up to END_WEEK."""
    settings = demo_settings(folder, weeks=weeks, seed=3, end_week=END_WEEK)
    chat = settings.chat("tchat")
    with writing(settings.warehouse.path) as con:
        pull_demo(con, settings.sources.demo, chat, week_end(END_WEEK, chat.timezone), "test")
        build_chat(con, chat)
    return settings


@pytest.fixture(scope="session")
def simulated(tmp_path_factory) -> Settings:
    """A built warehouse of three simulated weeks (read it, do not write it)."""
    return simulated_warehouse(tmp_path_factory.mktemp("simulated"))


PLOTLY_MARK = "/* plotly.js stand-in */ window.Plotly = {};"


def report_page(folder: Path, week_start: date = END_WEEK) -> Path:
    """A sponsor page laid out as reports/ writes it, with a shared stylesheet and script."""
    assets = folder / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "report.css").write_text("body { color: #123456; }\n")
    (assets / "plotly.min.js").write_text(PLOTLY_MARK + ' var s = "</script>";\n')
    page = folder / "tchat" / week_label(week_start) / "sponsor.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<link rel="stylesheet" href="../../assets/report.css">\n'
        '<script src="../../assets/plotly.min.js"></script>\n</head>\n<body>\n'
        '<main id="main" class="wrap">\n<h1>Sponsor report</h1>\n'
        '<div id="chart"></div><script>Plotly.newPlot("chart", []);</script>\n'
        "</main>\n</body>\n</html>\n"
    )
    return page


def previous_week(week_start: date, weeks: int = 1) -> date:
    return week_start - timedelta(weeks=weeks)
