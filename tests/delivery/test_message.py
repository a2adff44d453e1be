"""The weekly message: text and mail-safe HTML, charts as inline images or tables, and the
interactive report attached as one self-contained file."""

from dataclasses import replace
from email.message import EmailMessage

import pytest

from config.chat import ChatSettings
from delivery.content import Contributor, HeadlineRow, WeekContent, week_content
from delivery.images import CHROMIUM, kaleido_pngs, mail_charts
from delivery.message import (
    addressed,
    attachment_name,
    chart_parts,
    report_message,
    self_contained,
    subject,
)
from reports.volume import Volume
from tests.delivery.conftest import END_WEEK, PLOTLY_MARK, report_page
from warehouse.publish import reading

SENDER = "reports@example.org"
FAKE_PNG = b"\x89PNG\r\n\x1a\n fake"


@pytest.fixture(scope="module")
def content(simulated) -> WeekContent:
    con = reading(simulated.warehouse.path)
    try:
        return week_content(con, simulated.chat("tchat"), END_WEEK)
    finally:
        con.close()


def _tiny(volume: Volume | None = None, name: str = "@ada") -> WeekContent:
    volume = volume or Volume(120, 100.0, 4)
    chat = ChatSettings(slug="tchat", hashtags=["TChat"], timezone="America/New_York")
    return WeekContent(
        chat=chat,
        week_start=END_WEEK,
        volume=volume,
        headline=[HeadlineRow("posts", "Posts", volume.posts, 100)],
        contributors=[Contributor(1, name, 12.5, 1500, 7, 30)],
        reach_by_week=[("2026-W46", 900), ("2026-W47", 1500)],
    )


def _parts(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def _build(content: WeekContent, images: list, folder) -> EmailMessage:
    charts = mail_charts(content)
    attachment = self_contained(report_page(folder))
    message = report_message(
        content, chart_parts(charts, images[: len(charts)]), attachment, SENDER
    )
    return addressed(message, "sponsor@example.com", SENDER)


def test_text_html_inline_images_and_one_attachment(content, tmp_path):
    message = _build(content, [FAKE_PNG, FAKE_PNG], tmp_path)
    assert _parts(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
        "image/png",
        "text/html",
    ]
    assert message["Subject"] == "#TChat 2026-W47: sponsor report (tchat)"
    assert (message["From"], message["To"]) == (SENDER, "sponsor@example.com")
    assert message["Message-ID"].endswith("@example.org>") and message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for shown in (text, html):
        assert "#TChat 2026-W47" in shown and "Mon 16 Nov 2026" in shown
        assert "Views are the networks" in shown and "own count:" in shown
        assert content.contributors[0].name.split(" (")[0].replace("&", "&amp;") in shown
    assert "<script" not in html.lower()
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    for image in images:
        assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
        assert image.get_content() == FAKE_PNG
    [attachment] = list(message.iter_attachments())
    assert (
        attachment.get_filename()
        == attachment_name(content)
        == ("chatreach-tchat-2026-W47-sponsor.html")
    )


def test_the_attachment_inlines_the_stylesheet_and_plotly(tmp_path):
    page = self_contained(report_page(tmp_path))
    assert "<script src=" not in page and 'rel="stylesheet"' not in page
    assert PLOTLY_MARK in page and "color: #123456" in page
    assert '"<\\/script>"' in page  # a closing tag inside the script cannot end it early
    assert 'Plotly.newPlot("chart", []);' in page


def test_without_images_the_charts_are_tables(content, tmp_path):
    message = _build(content, [None, None], tmp_path)
    assert "image/png" not in _parts(message)
    html = message.get_body(("html",)).get_content()
    assert "cid:" not in html
    assert "Reach per week" in html and "2026-W45" in html
    assert f"Top contributors by {content.score_title.lower()}" in html


def test_one_image_missing_leaves_the_other(content, tmp_path):
    message = _build(content, [None, FAKE_PNG], tmp_path)
    assert _parts(message).count("image/png") == 1
    html = message.get_body(("html",)).get_content()
    assert html.count("cid:") == 1 and "2026-W45" in html


def test_the_contributors_chart_names_handles_escaped():
    """Display names may hold emoji that no chart font draws: the image shows @handles."""
    content = _tiny(name="Ada 🌱 (@ada<b>)")
    content.contributors[0:1] = [replace(content.contributors[0], handle="@ada<b>")]
    [_, contributors] = mail_charts(content)
    assert list(contributors.figure.data[0].y) == ["1. @ada&lt;b&gt;"]
    assert contributors.rows == [("1", "Ada 🌱 (@ada<b>)", "12.5")]


def test_no_browser_means_tables_not_a_failure(monkeypatch):
    """kaleido cannot start Chromium: every slot is None, so the message shows tables."""
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    charts = mail_charts(_tiny())
    assert kaleido_pngs([chart.figure for chart in charts]) == [None, None]


@pytest.mark.slow
def test_kaleido_draws_the_charts_with_chromium(content, chromium):
    """With Debian's chromium (installed by the test set-up when missing, as on a new machine)
    kaleido draws both charts."""
    assert chromium == CHROMIUM
    charts = mail_charts(content)
    images = kaleido_pngs([chart.figure for chart in charts])
    assert len(images) == 2 and all(image[:8] == b"\x89PNG\r\n\x1a\n" for image in images)


def test_a_low_data_week_carries_a_visible_warning(tmp_path):
    low = _tiny(Volume(10, 100.0, 8, True))
    assert subject(low) == "[Low data] #TChat 2026-W47: sponsor report (tchat)"
    message = _build(low, [None, None], tmp_path)
    warning = low.volume.warning
    assert warning in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert 'role="alert"' in html and "Low data: this week has 10 posts" in html


def test_names_from_the_data_are_escaped(tmp_path):
    message = _build(_tiny(name='<b onclick="x">@evil</b>'), [None, None], tmp_path)
    html = message.get_body(("html",)).get_content()
    assert "<b onclick" not in html and "&lt;b onclick=&#34;x&#34;&gt;@evil&lt;/b&gt;" in html


def test_the_text_part_lists_contributors_with_their_posts(tmp_path):
    content = _tiny()
    one_post = replace(content, contributors=[Contributor(1, "@bea", 3.0, 12_400, 1, 2)])
    text = _build(content, [None, None], tmp_path).get_body(("plain",)).get_content()
    assert " 1. @ada: 12.5 (reach 1.5k, 7 posts)" in text
    text = _build(one_post, [None, None], tmp_path).get_body(("plain",)).get_content()
    assert " 1. @bea: 3 (reach 12.4k, 1 post)" in text
