"""The reports' look: colours, the plotly template, escaping and the axes all charts share."""

from typing import Any

import plotly.io as pio
import polars as pl

Figure = dict[str, Any]
"""A figure in plotly's JSON format: "data" (the traces) and "layout"."""

OPTED_OUT = "an opted-out participant"

BLUE = "#2458a6"
ORANGE = "#d9822b"
GREEN = "#2e8540"
GREY = "#8a94a3"
LIGHT_BLUE = "#9dbbe6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WEEK_AXIS = "Week (ISO week, from its Monday)"
TEMPLATE_NAME = "chatreach"

_AXIS = {
    "showgrid": True,
    "gridcolor": "#e6e9ee",
    "linecolor": "#b8c0cc",
    "zerolinecolor": "#b8c0cc",
    "ticks": "outside",
    "tickcolor": "#b8c0cc",
    "automargin": True,
}
TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 13, "color": "#1f2630"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [BLUE, ORANGE, GREEN, GREY, LIGHT_BLUE],
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "hovermode": "closest",
        "title": {"x": 0, "xanchor": "left", "font": {"size": 16}},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}
"""The reports' look as a plotly template, registered as "chatreach". A page carries it once
(in assets/charts.js) and plotly.js applies it to every chart, instead of each figure holding
a copy; `go.Figure(figure, layout_template="chatreach")` draws a figure as the pages do."""
pio.templates[TEMPLATE_NAME] = TEMPLATE


def escape(column: pl.Expr) -> pl.Expr:
    """Text from the data made safe for plotly's HTML-like labels."""
    return (
        column.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all('"', "&quot;", literal=True)
    )


def account_label(frame: pl.DataFrame) -> pl.Series:
    """ "3. @handle" per row (position, handle, is_opted_out columns), escaped for plotly."""
    who = (
        pl.when(pl.col("is_opted_out"))
        .then(pl.lit(OPTED_OUT))
        .otherwise(pl.lit("@") + escape(pl.col("handle")))
    )
    return frame.select(
        (pl.col("position").cast(pl.String) + pl.lit(". ") + who).alias("label")
    ).to_series()


def week_axis(frame: pl.DataFrame) -> dict:
    """A date axis of the weeks' Mondays: one tick per week ("W45", and the year where it
    changes) up to 16 weeks, plotly's own date ticks beyond."""
    if frame.height > 16:
        return {"type": "date"}
    text, year = [], None
    for label in frame["week_label"].to_list():
        label_year, week = label.split("-")
        text.append(week if label_year == year else f"{week}<br>{label_year}")
        year = label_year
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": frame["week_start"].to_list(),
        "ticktext": text,
    }


def whole_numbers(values: list) -> dict:
    """Ticks at whole numbers only when the counts are small (no half an account)."""
    known = [v for v in values if v is not None]
    if known and max(known) <= 6:
        return {"dtick": 1, "tick0": 0, "rangemode": "tozero"}
    return {}


def make_figure(
    data: list[dict], title: str, x_axis: dict, y_axis: dict, height: int, **layout: object
) -> Figure:
    """The figure from its traces, title, axes (each with its "title" text) and height."""
    return {
        "data": data,
        "layout": {
            "title": {"text": title},
            "height": height,
            "xaxis": {**x_axis, "title": {"text": x_axis["title"]}},
            "yaxis": {**y_axis, "title": {"text": y_axis["title"]}},
            **layout,
        },
    }
