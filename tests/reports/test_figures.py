"""Every chart the pages draw is a valid plotly figure, though the pages skip plotly's Python
validation for speed: here each one goes through `go.Figure`, which rejects unknown
properties and bad values."""

import plotly.graph_objects as go

from reports import pages
from tests.reports.tiny import PREVIOUS_WEEK, render


def test_every_chart_of_every_page_is_a_valid_plotly_figure(later_warehouse, tmp_path, monkeypatch):
    drawn = []
    original = pages.chart_html

    def recording(figure, div_id):
        drawn.append((div_id, figure))
        return original(figure, div_id)

    for module in ("reports.pages", "reports.community", "reports.participants", "reports.sponsor"):
        monkeypatch.setattr(f"{module}.chart_html", recording, raising=False)
    render(later_warehouse, tmp_path, week=PREVIOUS_WEEK)
    render(later_warehouse, tmp_path)
    kinds = {div_id for div_id, _ in drawn}
    assert {"chart-participation", "chart-retention", "chart-audience", "chart-influence"} <= kinds
    for div_id, figure in drawn:
        validated = go.Figure(figure, layout_template="chatreach")  # raises on a bad property
        assert len(validated.data) == len(figure["data"]), div_id
        assert validated.layout.height == figure["layout"].get("height"), div_id


def test_a_chart_script_cannot_be_closed_by_its_data():
    figure = {"data": [{"type": "bar", "x": ["</script><b>x"], "y": [1]}], "layout": {}}
    html = str(pages.chart_html(figure, "chart-x"))
    assert html.count("</script>") == 1 and "<b>" not in html
    assert "\\u003c\\u002fscript\\u003e\\u003cb\\u003ex" in html


def test_the_pages_draw_with_the_registered_template(tiny_site):
    """assets/charts.js carries the "chatreach" template once; no chart carries a copy."""
    import json
    import re

    import plotly.io as pio

    from reports.figures import TEMPLATE

    code = (tiny_site / "assets" / "charts.js").read_text()
    written = re.search(r"var TEMPLATE = (\{.*?\});\n", code)
    assert written and json.loads(written[1]) == TEMPLATE
    assert pio.templates["chatreach"].layout.font.size == 13
    sponsor = (tiny_site / "tchat/2025-W45/sponsor.html").read_text()
    charts = re.findall(
        r'<script type="application/json" data-chart="[^"]+">(.*?)</script>', sponsor
    )
    assert charts and all('"template"' not in chart for chart in charts)
    assert all(len(chart) < 4000 for chart in charts), [len(c) for c in charts]
