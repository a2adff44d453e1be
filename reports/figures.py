"""The reports' charts: each function takes polars frames and returns a plotly figure.

Every chart has a title, labelled axes with their units and hover text in words. Text that
comes from the data (handles, names) is HTML-escaped first: plotly draws its text from a
small HTML dialect, so an escaped `<b>` shows as `<b>` instead of turning bold.
"""

import plotly.graph_objects as go
import polars as pl

OPTED_OUT = "an opted-out participant"

BLUE = "#2458a6"
ORANGE = "#d9822b"
GREEN = "#2e8540"
GREY = "#8a94a3"
LIGHT_BLUE = "#9dbbe6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

_AXIS = {
    "showgrid": True, "gridcolor": "#e6e9ee", "linecolor": "#b8c0cc", "zerolinecolor": "#b8c0cc",
    "ticks": "outside", "tickcolor": "#b8c0cc", "automargin": True,
    "title": {"font": {"size": 13}},
}

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "size": 13, "color": "#1f2630"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [BLUE, ORANGE, GREEN, GREY, "#8e5ea2", "#c44e52"],
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        "margin": {"l": 10, "r": 10, "t": 70, "b": 10},
    }
)
"""A small template of our own: plotly's default one would be embedded in every chart."""

WEEK_AXIS = "Week (ISO week, starting Monday)"


def escape(column: pl.Expr) -> pl.Expr:
    """Text from the data made safe for plotly's HTML-like labels."""
    return (
        column.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all('"', "&quot;", literal=True)
    )


def account_label(frame: pl.DataFrame) -> pl.Series:
    """"3. @handle" per row (position, handle, is_opted_out columns), escaped for plotly."""
    who = (
        pl.when(pl.col("is_opted_out"))
        .then(pl.lit(OPTED_OUT))
        .otherwise(pl.lit("@") + escape(pl.col("handle")))
    )
    return frame.select(
        (pl.col("position").cast(pl.String) + pl.lit(". ") + who).alias("label")
    ).to_series()


def whole_numbers(figure: go.Figure, values: list, axis: str = "y") -> go.Figure:
    """Ticks at whole numbers only when the counts are small (no 0.5 of an account)."""
    known = [v for v in values if v is not None]
    if known and max(known) <= 6:
        update = {"dtick": 1, "tick0": 0, "rangemode": "tozero"}
        if axis == "y":
            figure.update_yaxes(**update)
        else:
            figure.update_xaxes(**update)
    return figure


def _finish(figure: go.Figure, title: str, x_title: str, y_title: str, height: int) -> go.Figure:
    figure.update_layout(
        template=TEMPLATE,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        hovermode="closest",
    )
    figure.update_xaxes(title_text=x_title)
    figure.update_yaxes(title_text=y_title)
    return figure


def contributors_chart(frame: pl.DataFrame, value_column: str, value_title: str) -> go.Figure:
    """Horizontal bars of the top contributors' value_column, the first at the top."""
    labels = account_label(frame)
    figure = go.Figure(
        go.Bar(
            x=frame[value_column].to_list(),
            y=labels.to_list(),
            orientation="h",
            marker_color=BLUE,
            customdata=frame.select("reach", "engagements_received").rows(),
            hovertemplate=(
                "%{y}<br>" + value_title + ": %{x:,.1f}<br>Reach: %{customdata[0]:,} people"
                "<br>Engagements received: %{customdata[1]:,}<extra></extra>"
            ),
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    return _finish(
        figure, f"Top contributors by {value_title.lower()}", value_title, "Contributor",
        height=max(260, 34 * frame.height + 110),
    )


def questions_chart(frame: pl.DataFrame) -> go.Figure:
    """Answers and distinct answerers per question of the week."""
    labels = frame.select(pl.lit("Q") + pl.col("question_number").cast(pl.String)).to_series()
    figure = go.Figure(
        [
            go.Bar(
                name="Answers", x=labels.to_list(), y=frame["answers"].to_list(),
                marker_color=BLUE,
                hovertemplate="%{x}: %{y:,} answers<extra></extra>",
            ),
            go.Bar(
                name="Answerers (distinct accounts)", x=labels.to_list(),
                y=frame["answerers"].to_list(), marker_color=ORANGE,
                hovertemplate="%{x}: %{y:,} distinct answerers<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category")
    whole_numbers(figure, frame["answers"].to_list())
    return _finish(figure, "Answers per question", "Question", "Posts / accounts", 340)


def lift_chart(frame: pl.DataFrame) -> go.Figure:
    """The weekly medians of chat_lift: lift, and growth in weeks taken part and not."""
    weeks = frame["week_label"].to_list()
    accounts = frame["accounts_compared"].to_list()
    traces = [
        ("lift_median", "Lift (difference)", BLUE, "solid"),
        ("participating_growth_median", "Growth in weeks taken part", GREEN, "dot"),
        ("nonparticipating_growth_median", "Growth in weeks not taken part", GREY, "dot"),
    ]
    figure = go.Figure(
        [
            go.Scatter(
                name=name, x=weeks, y=frame[column].to_list(), mode="lines+markers",
                line={"color": color, "dash": dash}, customdata=accounts,
                hovertemplate=(
                    "%{x}<br>" + name + ": %{y:.2%} per week"
                    "<br>%{customdata:,} accounts compared<extra></extra>"
                ),
            )
            for column, name, color, dash in traces
        ]
    )
    figure.update_yaxes(tickformat=".1%", zeroline=True)
    figure.update_xaxes(type="category")
    return _finish(
        figure, "Does taking part go with faster follower growth? (12-week window, medians)",
        WEEK_AXIS, "Growth per week (%)", 380,
    )


def participation_chart(frame: pl.DataFrame) -> go.Figure:
    """New and returning participants per week, stacked."""
    weeks = frame["week_label"].to_list()
    figure = go.Figure(
        [
            go.Bar(
                name="Returning participants", x=weeks,
                y=frame["returning_participants"].to_list(), marker_color=BLUE,
                hovertemplate="%{x}: %{y:,} returning participants<extra></extra>",
            ),
            go.Bar(
                name="New participants", x=weeks, y=frame["new_participants"].to_list(),
                marker_color=ORANGE,
                hovertemplate="%{x}: %{y:,} new participants<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(type="category")
    whole_numbers(figure, frame["participants"].to_list())
    return _finish(figure, "Participants per week, new and returning", WEEK_AXIS,
                   "Participants (accounts)", 360)


def retention_heatmap(cohorts: pl.DataFrame) -> go.Figure:
    """Share of each first-week cohort taking part n weeks later (rows: cohorts, oldest first)."""
    wide = cohorts.pivot(
        on="weeks_later", index=["cohort", "cohort_label", "cohort_size"], values="share",
        sort_columns=False,
    ).sort("cohort")
    offsets = sorted(cohorts["weeks_later"].unique().to_list())
    z = wide.select([str(offset) for offset in offsets]).rows()
    size = wide["cohort_size"].to_list()
    labels = wide["cohort_label"].to_list()
    figure = go.Figure(
        go.Heatmap(
            z=z, x=offsets, y=labels, zmin=0, zmax=1, colorscale="Blues",
            customdata=[[n] * len(offsets) for n in size],
            colorbar={"title": {"text": "Still taking part"}, "tickformat": ".0%"},
            hovertemplate=(
                "Cohort %{y} (%{customdata:,} accounts)<br>%{x} weeks later: "
                "%{z:.1%} took part<extra></extra>"
            ),
            xgap=1, ygap=1,
            texttemplate="%{z:.0%}" if len(offsets) <= 16 else None,
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    if len(offsets) <= 8:
        figure.update_xaxes(dtick=1)
    else:
        figure.update_xaxes(nticks=8, tickformat="d")
    return _finish(
        figure, "Retention: share of each first-week cohort taking part n weeks later",
        "Weeks since the cohort's first week", "Cohort (first week taken part)",
        max(320, 18 * len(labels) + 140),
    )


def influence_histogram(bands: pl.DataFrame) -> go.Figure:
    """The week's participants counted by influence score band."""
    labels = bands.select(
        pl.col("band_from").cast(pl.String) + pl.lit("–") + pl.col("band_to").cast(pl.String)
    ).to_series()
    figure = go.Figure(
        go.Bar(
            x=labels.to_list(), y=bands["accounts"].to_list(), marker_color=BLUE,
            hovertemplate="Score %{x}: %{y:,} participants<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    whole_numbers(figure, bands["accounts"].to_list())
    return _finish(figure, "How influence is spread among the week's participants",
                   "Influence score (0–100)", "Participants (accounts)", 320)


def rising_chart(frame: pl.DataFrame, metric_title: str) -> go.Figure:
    """The rising accounts' gain: mean of the last 4 weeks minus mean of the 4 before."""
    labels = account_label(frame)
    figure = go.Figure(
        go.Bar(
            x=frame["gain"].to_list(), y=labels.to_list(), orientation="h", marker_color=GREEN,
            customdata=frame.select("earlier_mean", "recent_mean").rows(),
            hovertemplate=(
                "%{y}<br>Gain: %{x:,.1f}<br>Mean of the 4 weeks before: %{customdata[0]:,.1f}"
                "<br>Mean of the last 4 weeks: %{customdata[1]:,.1f}<extra></extra>"
            ),
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    return _finish(
        figure, f"Rising accounts: gain in mean weekly {metric_title.lower()}",
        f"Gain in mean weekly {metric_title.lower()}", "Account",
        max(260, 34 * frame.height + 110),
    )


def measure_chart(frame: pl.DataFrame, column: str, title: str, kind: str) -> go.Figure:
    """One weekly measure of chat_week over the weeks; kind is percent, number or decimal."""
    is_rate = kind == "percent"
    figure = go.Figure(
        go.Scatter(
            x=frame["week_label"].to_list(), y=frame[column].to_list(), mode="lines+markers",
            line={"color": BLUE},
            hovertemplate="%{x}: %{y" + (":.1%" if is_rate else ":,") + "}<extra></extra>",
        )
    )
    if is_rate:
        figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    if kind == "number":
        whole_numbers(figure, frame[column].to_list())
    figure.update_xaxes(type="category")
    y_title = {"percent": "Share (%)", "number": "Count"}.get(kind, "Value")
    return _finish(figure, title, WEEK_AXIS, y_title, 300)


def follower_data_chart(frame: pl.DataFrame) -> go.Figure:
    """Per week: accounts of the week without any follower snapshot, of all its accounts."""
    figure = go.Figure(
        go.Bar(
            x=frame["week_label"].to_list(),
            y=frame["accounts_without_follower_data"].to_list(),
            marker_color=ORANGE,
            customdata=frame["accounts"].to_list(),
            hovertemplate=(
                "%{x}: %{y:,} of %{customdata:,} accounts had no follower data<extra></extra>"
            ),
        )
    )
    figure.update_xaxes(type="category")
    whole_numbers(figure, frame["accounts_without_follower_data"].to_list())
    return _finish(figure, "Accounts without follower data (counted as 0 followers)",
                   WEEK_AXIS, "Accounts", 300)


def participant_audience_chart(frame: pl.DataFrame) -> go.Figure:
    """An account's followers at the week's end and reach per week; filled dots: it took part."""
    weeks = frame["week_label"].to_list()
    symbols = frame.select(
        pl.when(pl.col("took_part")).then(pl.lit("circle")).otherwise(pl.lit("circle-open"))
    ).to_series().to_list()
    took_part = frame.select(
        pl.when(pl.col("took_part"))
        .then(pl.lit("took part"))
        .otherwise(pl.lit("did not take part"))
    ).to_series().to_list()
    figure = go.Figure(
        [
            go.Scatter(
                name="Reach", x=weeks, y=frame["reach"].to_list(), mode="lines+markers",
                line={"color": BLUE}, marker={"symbol": symbols, "size": 9},
                customdata=took_part,
                hovertemplate="%{x} (%{customdata})<br>Reach: %{y:,} people<extra></extra>",
            ),
            go.Scatter(
                name="Followers (latest in the week)", x=weeks,
                y=frame["followers_end"].to_list(), mode="lines+markers",
                line={"color": GREY, "dash": "dot"}, marker={"symbol": symbols, "size": 9},
                customdata=took_part,
                hovertemplate="%{x} (%{customdata})<br>Followers: %{y:,}<extra></extra>",
            ),
        ]
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero")
    return _finish(figure, "Reach and followers per week (filled dots: weeks taken part)",
                   WEEK_AXIS, "People", 340)


def participant_influence_chart(frame: pl.DataFrame, column: str, title: str) -> go.Figure:
    """An account's weekly influence (or engagements) as bars, dark in the weeks it took part."""
    colors = frame.select(
        pl.when(pl.col("took_part")).then(pl.lit(BLUE)).otherwise(pl.lit(LIGHT_BLUE))
    ).to_series().to_list()
    figure = go.Figure(
        go.Bar(
            x=frame["week_label"].to_list(), y=frame[column].to_list(), marker_color=colors,
            hovertemplate="%{x}: " + title.lower() + " %{y:,.1f}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    if column != "influence_score":
        whole_numbers(figure, frame[column].to_list())
    return _finish(figure, f"{title} per week (dark bars: weeks taken part)", WEEK_AXIS,
                   title, 300)


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
