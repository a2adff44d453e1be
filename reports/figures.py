"""The reports' charts: each function takes polars frames and returns a plotly figure.

Every chart has a title, labelled axes with their units and hover text in words. Text that
comes from the data (handles, names) is HTML-escaped first: plotly draws its text from a
small HTML dialect, so an escaped `<b>` shows as `<b>` instead of turning bold.

Each figure is one plain dict of plotly's figure format (`{"data": [...], "layout": {...}}`),
drawn by plotly.js as it is, with the look of `TEMPLATE`. It is not made into a
`go.Figure`: plotly's Python objects validate and deep-copy every property, which made the
thousands of participant pages of a busy week take minutes. The tests validate every figure
with `go.Figure` instead, so a misspelt property still fails there.
"""

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


def _figure(
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


def contributors_chart(frame: pl.DataFrame, value_column: str, value_title: str) -> Figure:
    """Horizontal bars of the top contributors' value_column, the first at the top."""
    bar = {
        "type": "bar",
        "orientation": "h",
        "marker": {"color": BLUE},
        "x": frame[value_column].to_list(),
        "y": account_label(frame).to_list(),
        "customdata": frame.select("reach", "engagements_received").rows(),
        "hovertemplate": (
            "%{y}<br>" + value_title + ": %{x:,.1f}<br>Reach: %{customdata[0]:,} people"
            "<br>Engagements received: %{customdata[1]:,}<extra></extra>"
        ),
    }
    return _figure(
        [bar],
        f"Top contributors by {value_title.lower()}",
        {"title": value_title},
        {"title": "Contributor", "autorange": "reversed", "type": "category"},
        max(260, 34 * frame.height + 110),
    )


def questions_chart(frame: pl.DataFrame) -> Figure:
    """Answers and distinct answerers per question of the week."""
    labels = frame.select(pl.lit("Q") + pl.col("question_number").cast(pl.String)).to_series()
    data = [
        {
            "type": "bar",
            "name": "Answers",
            "x": labels.to_list(),
            "marker": {"color": BLUE},
            "y": frame["answers"].to_list(),
            "hovertemplate": "%{x}: %{y:,} answers<extra></extra>",
        },
        {
            "type": "bar",
            "name": "Answerers (distinct accounts)",
            "x": labels.to_list(),
            "y": frame["answerers"].to_list(),
            "marker": {"color": ORANGE},
            "hovertemplate": "%{x}: %{y:,} distinct answerers<extra></extra>",
        },
    ]
    return _figure(
        data,
        "Answers per question",
        {"title": "Question", "type": "category"},
        {"title": "Posts / accounts", **whole_numbers(frame["answers"].to_list())},
        340,
        barmode="group",
    )


def lift_chart(frame: pl.DataFrame) -> Figure:
    """The weekly medians of chat_lift: lift, and growth in weeks taken part and not."""
    custom = frame.select("week_label", "accounts_compared").rows()
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": frame["week_start"].to_list(),
            "y": frame[column].to_list(),
            "line": {"color": color, "dash": dash},
            "customdata": custom,
            "hovertemplate": (
                "%{customdata[0]}<br>" + name + ": %{y:.2%} per week"
                "<br>%{customdata[1]:,} accounts compared<extra></extra>"
            ),
        }
        for column, name, color, dash in (
            ("lift_median", "Lift (difference)", BLUE, "solid"),
            ("participating_growth_median", "Growth in weeks taken part", GREEN, "dot"),
            ("nonparticipating_growth_median", "Growth in weeks not taken part", GREY, "dot"),
        )
    ]
    return _figure(
        data,
        "Does taking part go with faster follower growth? (12-week window, medians)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Growth per week (%)", "tickformat": ".1%", "zeroline": True},
        380,
    )


def participation_chart(frame: pl.DataFrame) -> Figure:
    """New and returning participants per week, stacked."""
    weeks, labels = frame["week_start"].to_list(), frame["week_label"].to_list()
    data = [
        {
            "type": "bar",
            "name": "Returning participants",
            "x": weeks,
            "y": frame["returning_participants"].to_list(),
            "marker": {"color": BLUE},
            "customdata": labels,
            "hovertemplate": "%{customdata}: %{y:,} returning participants<extra></extra>",
        },
        {
            "type": "bar",
            "name": "New participants",
            "x": weeks,
            "y": frame["new_participants"].to_list(),
            "marker": {"color": ORANGE},
            "customdata": labels,
            "hovertemplate": "%{customdata}: %{y:,} new participants<extra></extra>",
        },
    ]
    return _figure(
        data,
        "Participants per week, new and returning",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Participants (accounts)", **whole_numbers(frame["participants"].to_list())},
        360,
        barmode="stack",
    )


def retention_heatmap(cohorts: pl.DataFrame) -> Figure:
    """Share of each first-week cohort taking part n weeks later (rows: cohorts, oldest first)."""
    wide = cohorts.pivot(
        on="weeks_later",
        index=["cohort", "cohort_label", "cohort_size"],
        values="share",
        sort_columns=False,
    ).sort("cohort")
    offsets = sorted(cohorts["weeks_later"].unique().to_list())
    heatmap = {
        "type": "heatmap",
        "x": offsets,
        "y": wide["cohort_label"].to_list(),
        "z": wide.select([str(offset) for offset in offsets]).rows(),
        "zmin": 0,
        "zmax": 1,
        "colorscale": "Blues",
        "xgap": 1,
        "ygap": 1,
        "customdata": [[n] * len(offsets) for n in wide["cohort_size"].to_list()],
        "colorbar": {"title": {"text": "Still taking part"}, "tickformat": ".0%"},
        "hovertemplate": (
            "Cohort %{y} (%{customdata:,} accounts)<br>%{x} weeks later: "
            "%{z:.1%} took part<extra></extra>"
        ),
    }
    if len(offsets) <= 16:
        heatmap["texttemplate"] = "%{z:.0%}"
    x_axis = {"dtick": 1} if len(offsets) <= 8 else {"nticks": 8, "tickformat": "d"}
    return _figure(
        [heatmap],
        "Retention: share of each first-week cohort taking part n weeks later",
        {"title": "Weeks since the cohort's first week", **x_axis},
        {"title": "Cohort (first week taken part)", "autorange": "reversed", "type": "category"},
        max(320, 18 * wide.height + 140),
    )


def influence_histogram(bands: pl.DataFrame) -> Figure:
    """The week's participants counted by influence score band."""
    labels = bands.select(
        pl.col("band_from").cast(pl.String) + pl.lit("–") + pl.col("band_to").cast(pl.String)
    ).to_series()
    bar = {
        "type": "bar",
        "x": labels.to_list(),
        "y": bands["accounts"].to_list(),
        "marker": {"color": BLUE},
        "hovertemplate": "Score %{x}: %{y:,} participants<extra></extra>",
    }
    return _figure(
        [bar],
        "How influence is spread among the week's participants",
        {"title": "Influence score (0–100)", "type": "category"},
        {"title": "Participants (accounts)", **whole_numbers(bands["accounts"].to_list())},
        320,
    )


def rising_chart(frame: pl.DataFrame, metric_title: str) -> Figure:
    """The rising accounts' gain: mean of the last 4 weeks minus mean of the 4 before."""
    bar = {
        "type": "bar",
        "orientation": "h",
        "marker": {"color": GREEN},
        "x": frame["gain"].to_list(),
        "y": account_label(frame).to_list(),
        "customdata": frame.select("earlier_mean", "recent_mean").rows(),
        "hovertemplate": (
            "%{y}<br>Gain: %{x:,.1f}<br>Mean of the 4 weeks before: %{customdata[0]:,.1f}"
            "<br>Mean of the last 4 weeks: %{customdata[1]:,.1f}<extra></extra>"
        ),
    }
    return _figure(
        [bar],
        f"Rising accounts: gain in mean weekly {metric_title.lower()}",
        {"title": f"Gain in mean weekly {metric_title.lower()}"},
        {"title": "Account", "autorange": "reversed", "type": "category"},
        max(260, 34 * frame.height + 110),
    )


def _lines(frame: pl.DataFrame, lines: tuple[tuple[str, str, str, str], ...], value: str) -> list:
    """One line per (column, name, colour, dash) over the weeks, hover in words."""
    return [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": frame["week_start"].to_list(),
            "y": frame[column].to_list(),
            "line": {"color": color, "dash": dash},
            "customdata": frame["week_label"].to_list(),
            "hovertemplate": "%{customdata}<br>" + name + ": %{y" + value + "}<extra></extra>",
        }
        for column, name, color, dash in lines
    ]


def newcomer_care_chart(frame: pl.DataFrame) -> Figure:
    """Per week of arrival: the share of newcomers acknowledged, and how many of those
    acknowledged and of those not came back the next week."""
    lines = (
        ("newcomer_care_rate", "Newcomers acknowledged", BLUE, "solid"),
        ("acknowledged_return_rate", "Came back the next week: acknowledged", GREEN, "solid"),
        ("unacknowledged_return_rate", "Came back the next week: not acknowledged", GREY, "dot"),
    )
    return _figure(
        _lines(frame, lines, ":.1%"),
        "Do newcomers who get an answer come back more often?",
        {"title": "Week the newcomers arrived", **week_axis(frame)},
        {"title": "Share of newcomers", "tickformat": ".0%", "rangemode": "tozero"},
        380,
    )


def organic_chart(frame: pl.DataFrame) -> Figure:
    """Participants and posts per week, all of them and without the hosts and sponsors."""
    lines = (
        ("participants", "Participants", BLUE, "solid"),
        ("organic_participants", "Participants without hosts and sponsors", BLUE, "dot"),
        ("posts", "Posts", ORANGE, "solid"),
        ("organic_posts", "Posts without hosts and sponsors", ORANGE, "dot"),
    )
    return _figure(
        _lines(frame, lines, ":,"),
        "The community's own share of the chat",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Accounts / posts", "rangemode": "tozero"},
        380,
    )


def conversation_chart(frame: pl.DataFrame) -> Figure:
    """Per week: the share of posts that talk to someone, and of pairs that talk both ways."""
    lines = (
        ("conversational_share", "Posts that reply to or mention someone", BLUE, "solid"),
        ("reciprocity_rate", "Pairs of people who interacted both ways", GREEN, "solid"),
    )
    return _figure(
        _lines(frame, lines, ":.1%"),
        "Are people talking with each other?",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Share (%)", "tickformat": ".0%", "rangemode": "tozero"},
        360,
    )


def follower_data_chart(frame: pl.DataFrame) -> Figure:
    """Per week: accounts of the week without any follower snapshot, of all its accounts."""
    bar = {
        "type": "bar",
        "marker": {"color": ORANGE},
        "x": frame["week_start"].to_list(),
        "y": frame["accounts_without_follower_data"].to_list(),
        "customdata": frame.select("week_label", "accounts").rows(),
        "hovertemplate": (
            "%{customdata[0]}: %{y:,} of %{customdata[1]:,} accounts had no follower data"
            "<extra></extra>"
        ),
    }
    return _figure(
        [bar],
        "Accounts without follower data (counted as 0 followers)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Accounts", **whole_numbers(frame["accounts_without_follower_data"].to_list())},
        300,
    )


def participant_audience_chart(frame: pl.DataFrame) -> Figure:
    """An account's followers at the week's end and reach per week; filled dots: it took part."""
    took_part = frame["took_part"].to_list()  # one page's weeks: a few dozen values
    symbols = ["circle" if took else "circle-open" for took in took_part]
    custom = [
        (label, "took part" if took else "did not take part")
        for label, took in zip(frame["week_label"].to_list(), took_part, strict=True)
    ]
    weeks = frame["week_start"].to_list()
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Reach",
            "x": weeks,
            "y": frame["reach"].to_list(),
            "line": {"color": BLUE},
            "marker": {"symbol": symbols, "size": 9},
            "customdata": custom,
            "hovertemplate": (
                "%{customdata[0]} (%{customdata[1]})<br>Reach: %{y:,} people<extra></extra>"
            ),
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Followers (latest in the week)",
            "x": weeks,
            "y": frame["followers_end"].to_list(),
            "line": {"color": GREY, "dash": "dot"},
            "marker": {"symbol": symbols, "size": 9},
            "customdata": custom,
            "hovertemplate": (
                "%{customdata[0]} (%{customdata[1]})<br>Followers: %{y:,}<extra></extra>"
            ),
        },
    ]
    return _figure(
        data,
        "Reach and followers per week (filled dots: weeks taken part)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "People", "rangemode": "tozero"},
        340,
    )


def participant_influence_chart(frame: pl.DataFrame, column: str, title: str) -> Figure:
    """An account's weekly influence (or engagements) as bars, dark in the weeks it took part."""
    colors = [BLUE if took else LIGHT_BLUE for took in frame["took_part"].to_list()]
    bar = {
        "type": "bar",
        "x": frame["week_start"].to_list(),
        "y": frame[column].to_list(),
        "marker": {"color": colors},
        "customdata": frame["week_label"].to_list(),
        "hovertemplate": "%{customdata}: " + title.lower() + " %{y:,.1f}<extra></extra>",
    }
    y_axis = {"title": title}
    if column != "influence_score":
        y_axis.update(whole_numbers(frame[column].to_list()))
    return _figure(
        [bar],
        f"{title} per week (dark bars: weeks taken part)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        y_axis,
        300,
    )


def sparkline_svg(values: list[float | None], width: int = 120, height: int = 32) -> str:
    """A small inline SVG trend line of the values (None leaves a gap); numbers only, no text.

    Not a plotly figure on purpose: six full charts in the headline cards would drown the
    numbers, and an inline SVG also prints and mails as it is.
    """
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    segments: list[list[str]] = [[]]
    for position, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x = position * step
        y = height - 3 - (value - low) / span * (height - 6)
        segments[-1].append(f"{x:.1f},{y:.1f}")
    paths = "".join(
        f'<polyline points="{" ".join(points)}" />' for points in segments if len(points) > 1
    )
    last = segments[-1][-1] if segments[-1] else None
    dot = ""
    if last:
        cx, cy = last.split(",")
        dot = f'<circle cx="{cx}" cy="{cy}" r="2.5" />'
    return (
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-hidden="true" focusable="false">{paths}{dot}</svg>'
    )
