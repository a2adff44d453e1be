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

from reports.figures.community import (
    conversation_chart,
    follower_data_chart,
    influence_histogram,
    newcomer_care_chart,
    organic_chart,
    participation_chart,
    retention_heatmap,
    rising_chart,
)
from reports.figures.participant import participant_audience_chart, participant_influence_chart
from reports.figures.sparkline import sparkline_svg
from reports.figures.sponsor import contributors_chart, lift_chart, questions_chart
from reports.figures.style import (
    OPTED_OUT,
    TEMPLATE,
    TEMPLATE_NAME,
    Figure,
    account_label,
    escape,
    week_axis,
    whole_numbers,
)

__all__ = [
    "Figure",
    "OPTED_OUT",
    "TEMPLATE",
    "TEMPLATE_NAME",
    "account_label",
    "contributors_chart",
    "conversation_chart",
    "escape",
    "follower_data_chart",
    "influence_histogram",
    "lift_chart",
    "newcomer_care_chart",
    "organic_chart",
    "participant_audience_chart",
    "participant_influence_chart",
    "participation_chart",
    "questions_chart",
    "retention_heatmap",
    "rising_chart",
    "sparkline_svg",
    "week_axis",
    "whole_numbers",
]
