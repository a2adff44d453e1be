"""The mail's charts as static PNG images (mail clients run no JavaScript).

kaleido draws them with the installed Chromium (Debian's /usr/bin/chromium unless
BROWSER_PATH says otherwise). When an image cannot be made, for whatever reason, its slot
gets None and the message shows the chart's numbers as a table instead.
"""

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from delivery.content import WeekContent

BLUE = "#2458a6"
ORANGE = "#d9822b"
"""The reports' colours: the week in question in orange, the rest in blue."""
_AXIS = {"showgrid": True, "gridcolor": "#e6e9ee", "linecolor": "#b8c0cc", "automargin": True}
_LAYOUT = {
    "font": {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#1f2630"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "xaxis": _AXIS,
    "yaxis": _AXIS,
}
"""A layout of our own, so the mail does not change when the report pages' charts do."""

CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 600
"""Pixels across: the width of the mail's layout. Images are drawn at twice that for sharpness."""
DEADLINE_SECONDS = 120.0
"""The longest the charts of one mail may take to draw (Chromium starts in a few seconds)."""

log = logging.getLogger(__name__)

ImageMaker = Callable[[Sequence[go.Figure]], list[bytes | None]]


@dataclass(frozen=True)
class MailChart:
    """A chart of the mail, and the table that replaces it when no image can be made."""

    key: str
    title: str
    figure: go.Figure
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _finish(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(
        **_LAYOUT,
        title={"text": title, "x": 0, "xanchor": "left"},
        width=WIDTH,
        height=height,
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def _plain(text: str) -> str:
    """Text from the data for plotly's HTML-like labels (an escaped `<b>` shows as `<b>`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mail_charts(content: WeekContent) -> list[MailChart]:
    """The charts of the mail: reach over the recent weeks, and the top contributors."""
    charts = []
    if content.reach_by_week:
        labels = [label for label, _ in content.reach_by_week]
        reach = [value for _, value in content.reach_by_week]
        colours = [ORANGE if label == content.label else BLUE for label in labels]
        figure = go.Figure(go.Bar(x=labels, y=reach, marker_color=colours))
        figure.update_xaxes(type="category", title_text="Week")
        figure.update_yaxes(title_text="Reach (people)", rangemode="tozero")
        charts.append(
            MailChart(
                "reach",
                "Reach per week",
                _finish(figure, f"Reach per week ({content.label} highlighted)", 300),
                ("Week", "Reach"),
                [(label, f"{value:,}") for label, value in content.reach_by_week],
            )
        )
    scored = [c for c in content.contributors if c.score is not None]
    if scored:
        names = [f"{c.position}. {_plain(c.handle or c.name)}" for c in scored]
        figure = go.Figure(
            go.Bar(
                x=[c.score for c in scored],
                y=names,
                orientation="h",
                marker_color=BLUE,
            )
        )
        figure.update_yaxes(autorange="reversed", type="category")
        figure.update_xaxes(title_text=content.score_title, rangemode="tozero")
        title = f"Top contributors by {content.score_title.lower()}"
        charts.append(
            MailChart(
                "contributors",
                title,
                _finish(figure, title, max(220, 30 * len(scored) + 90)),
                ("#", "Contributor", content.score_title),
                [(str(c.position), c.name, f"{c.score:,.1f}") for c in scored],
            )
        )
    return charts


def kaleido_pngs(
    figures: Sequence[go.Figure], timeout_seconds: float = DEADLINE_SECONDS
) -> list[bytes | None]:
    """Each figure as a PNG, drawn in one Chromium session; None for each one not drawn.

    The drawing runs in a thread of its own with a deadline, so a browser that hangs costs
    the mail its images, never the run.
    """
    if not figures:
        return []
    results: list[bytes | None] = [None] * len(figures)
    problems: list[str] = []

    def draw() -> None:
        try:
            asyncio.run(_draw_all(figures, results, problems, timeout_seconds))
        except Exception as error:  # no kaleido, no browser: the mail shows tables instead
            problems.append(_first_line(error))

    worker = threading.Thread(target=draw, name="chatreach-charts", daemon=True)
    worker.start()
    worker.join(timeout_seconds)
    if worker.is_alive():
        problems.append(f"Chromium did not finish within {timeout_seconds:g} s")
        results = [None] * len(figures)
    if problems:
        log.warning(
            "%d of %d charts are sent as tables: %s",
            results.count(None),
            len(figures),
            "; ".join(problems),
        )
    return list(results)


async def _draw_all(
    figures: Sequence[go.Figure],
    results: list[bytes | None],
    problems: list[str],
    timeout_seconds: float,
) -> None:
    import kaleido  # imported here: only a run that mails charts needs it

    # BROWSER_PATH, when set, is the browser; else Debian's chromium where it is installed.
    where = (
        {} if os.environ.get("BROWSER_PATH") or not CHROMIUM.exists() else {"path": str(CHROMIUM)}
    )
    # mathjax=False: the default loads MathJax from a CDN, and the charts have no formulas.
    async with kaleido.Kaleido(n=1, timeout=timeout_seconds, mathjax=False, **where) as browser:
        for index, figure in enumerate(figures):
            options = {
                "format": "png",
                "scale": 2,
                "width": figure.layout.width or WIDTH,
                "height": figure.layout.height or 360,
            }
            try:
                results[index] = await browser.calc_fig(figure, options)
            except Exception as error:
                problems.append(_first_line(error))


def _first_line(error: BaseException) -> str:
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[0].strip() if lines else type(error).__name__
