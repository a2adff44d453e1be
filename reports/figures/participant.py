"""A participant page's charts: its audience and its influence week by week."""

import polars as pl

from reports.figures.style import (
    BLUE,
    GREY,
    LIGHT_BLUE,
    WEEK_AXIS,
    Figure,
    make_figure,
    week_axis,
    whole_numbers,
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
    return make_figure(
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
    return make_figure(
        [bar],
        f"{title} per week (dark bars: weeks taken part)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        y_axis,
        300,
    )
