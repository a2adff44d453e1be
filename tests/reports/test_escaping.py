"""Whatever the data holds, it shows as text: nothing from it runs or becomes a bad link."""

import re

import pytest

from tests.reports.html_tree import parse
from tests.reports.tiny import HOSTILE_NAME, HOSTILE_URL, SAFE_URL, read

PAGES = [
    "tchat/2025-W45/sponsor.html",
    "tchat/community.html",
    "tchat/participants/x-3.html",
    "tchat/participants/x-6.html",
    "index.html",
]


def _all_pages(site):
    return [read(site / page) for page in PAGES]


def test_hostile_display_name_is_text(tiny_site, later_site):
    """bob's display name `<script>alert(1)</script>` is escaped wherever it shows."""
    for site in (tiny_site, later_site):
        for html in _all_pages(site):
            assert HOSTILE_NAME not in html
        sponsor = read(site / PAGES[0])
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sponsor
        bob = parse(read(site / "tchat/participants/x-3.html"))
        assert bob.find("h1").text() == f"{HOSTILE_NAME} @bob"


def test_hostile_post_text_and_urls(tiny_site):
    """dave's text with `"><script>` is shown as written; javascript: never becomes a link."""
    html = read(tiny_site / PAGES[0])
    assert '"><script>alert(2)</script>' not in html
    posts = parse(html).find("section", id="posts")
    dave = [p for p in posts.find_all("article", "post") if "alert(2)" in p.text()][0]
    assert dave.find("blockquote").text() == 'A1 me too @carol "><script>alert(2)</script> #TChat'
    assert dave.find("span", "unsafe-link").text() == HOSTILE_URL
    assert [a.attrs["href"] for a in dave.find_all("a", "external")] == [
        SAFE_URL,
        "https://x.com/i/status/1010",
    ]


@pytest.mark.parametrize("site_name", ["tiny_site", "later_site"])
def test_no_scriptable_links_or_handlers(site_name, request):
    """No javascript: href, no inline event handler, external links carry rel=noopener nofollow."""
    site = request.getfixturevalue(site_name)
    for html in _all_pages(site):
        document = parse(html)
        for anchor in document.find_all("a"):
            href = anchor.attrs.get("href") or ""
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            if href.startswith(("http://", "https://")):
                assert anchor.attrs.get("rel") == "noopener nofollow", href
        for element in document.iter():
            assert not [name for name in element.attrs if name.lower().startswith("on")]
        assert not re.search(r"<img\b", html)
        for script in document.find_all("script"):
            src = script.attrs.get("src")
            assert src is None or src.endswith(("assets/plotly.min.js", "assets/charts.js"))


def test_question_text_and_link_in_later_marts(later_site):
    """A question text with an <img onerror> and a javascript: link stay text."""
    html = read(later_site / PAGES[0])
    assert "<img src=x onerror=alert(3)>" not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert 'href="javascript:alert(4)"' not in html


def test_chart_labels_are_escaped_for_plotly(tiny_site):
    """Chart labels from the data are HTML-escaped before plotly draws them, inside JSON that
    cannot close the script element."""
    html = read(tiny_site / PAGES[0])
    start = html.index('id="chart-contributors"')
    chart = html[start : html.index("</script>", start)]
    assert "4. @&lt;i&gt;dave&lt;\\u002fi&gt;" in chart
    assert "<i>" not in chart
