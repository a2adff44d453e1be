"""The sponsor page's charts: top contributors, questions and answers, lift."""

import polars as pl

from reports.figures.style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    WEEK_AXIS,
    Figure,
    account_label,
    make_figure,
    week_axis,
    whole_numbers,
)


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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
        data,
        "Does taking part go with faster follower growth? (12-week window, medians)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Growth per week (%)", "tickformat": ".1%", "zeroline": True},
        380,
    )
