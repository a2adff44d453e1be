"""The community page's charts: participation, retention, influence, rising accounts,
newcomers, organic activity, conversation and follower data."""

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
from reports.queries.community import RetentionGrid


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
    return make_figure(
        data,
        "Participants per week, new and returning",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Participants (accounts)", **whole_numbers(frame["participants"].to_list())},
        360,
        barmode="stack",
    )


def retention_heatmap(grid: RetentionGrid) -> Figure:
    """Share of each first-week cohort taking part n weeks later (rows: cohorts, oldest first)."""
    wide, offsets = grid.rows, grid.offsets
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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
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
    return make_figure(
        [bar],
        "Accounts without follower data (counted as 0 followers)",
        {"title": WEEK_AXIS, **week_axis(frame)},
        {"title": "Accounts", **whole_numbers(frame["accounts_without_follower_data"].to_list())},
        300,
    )
