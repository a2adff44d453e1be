"""The mail is light: its attachment carries plotly.js's basic bundle, which draws every chart
of the sponsor page, and a simulated week's whole message stays under 2.5 MB as sent."""

import json
import re
from email.policy import SMTP

import plotly.offline

from delivery.content import week_content
from delivery.message import BASIC_TRACES, MAIL_SCRIPTS, PLOTLY_BASIC, addressed, self_contained
from delivery.week import sponsor_message
from reports.render import write_week_reports
from tests.delivery.conftest import END_WEEK
from warehouse.publish import reading

LIMIT = 2.5 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + bytes(60_000)  # about what kaleido draws for each chart


def test_the_basic_bundle_is_the_version_plotly_ships():
    header = PLOTLY_BASIC.read_text(encoding="utf-8")[:200]
    assert "plotly.js (basic - minified)" in header
    assert f"v{plotly.offline.get_plotlyjs_version()}" in header


def test_a_simulated_week_mails_under_the_limit_with_every_chart_drawable(simulated, tmp_path):
    con = reading(simulated.warehouse.path)
    try:
        chat = simulated.chat("tchat")
        write_week_reports(con, chat, END_WEEK, tmp_path)
        content = week_content(con, chat, END_WEEK)
    finally:
        con.close()
    page = tmp_path / "tchat" / "2026-W47" / "sponsor.html"
    charts_json = re.findall(
        r'<script type="application/json" data-chart="[^"]+">(.*?)</script>',
        page.read_text(encoding="utf-8"),
    )
    traces = {trace["type"] for chart in charts_json for trace in json.loads(chart)["data"]}
    assert traces and traces <= BASIC_TRACES, traces
    attachment = self_contained(page, MAIL_SCRIPTS)
    assert "plotly.js (basic - minified)" in attachment
    assert "var TEMPLATE = {" in attachment  # charts.js inlined too
    message = sponsor_message(content, page, "r@x", lambda figures: [PNG] * len(figures))
    sent = addressed(message, "sponsor@example.org", "r@x").as_bytes(policy=SMTP)
    print(f"mail as sent: {len(sent):,} bytes")
    assert len(sent) <= LIMIT, len(sent)
