"""Each kind of page in headless Chromium, offline: it loads, runs clean and draws every chart.

Screenshots (wide, phone and print layout) and a PDF of the sponsor page go to
test-artifacts/reports/.
"""

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
PAGES = {
    "sponsor": "tchat/2025-W45/sponsor.html",
    "community": "tchat/community.html",
    "participant": "tchat/participants/x-3.html",
    "index": "index.html",
}

pytestmark = pytest.mark.slow


def _open(browser, path: Path, width: int = 1280):
    """The page loaded from file:// with every other request aborted; what it asked and said."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    record = {"blocked": [], "errors": [], "dialogs": []}

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            record["blocked"].append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: record["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    page.on("dialog", lambda dialog: (record["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, record


def _charts_drawn(page) -> list[tuple[str, int]]:
    return page.evaluate(
        """Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => [div.id,
            Array.from(div.querySelectorAll('svg.main-svg'))
                .filter(svg => svg.childElementCount > 0).length])"""
    )


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_works_offline_and_draws_every_chart(browser, later_site, kind):
    """No request leaves file://, no console error or page error, every chart has an SVG."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, record = _open(browser, later_site / PAGES[kind])
    try:
        charts = _charts_drawn(page)
        if kind == "index":
            assert charts == []
        else:
            assert charts and all(drawn > 0 for _, drawn in charts), charts
        assert record == {"blocked": [], "errors": [], "dialogs": []}
        page.screenshot(path=str(ARTIFACTS / f"{kind}-wide.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        # plotly relays its charts out a moment after the resize (later on a busy machine)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                timeout=5000,
            )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the {kind} page scrolls sideways on a phone"
        page.screenshot(path=str(ARTIFACTS / f"{kind}-phone.png"), full_page=True)
    finally:
        context.close()


def test_hostile_text_shows_literally_and_runs_nothing(browser, later_site):
    """The hostile name, post and chart label show as written; no dialog opens."""
    context, page, record = _open(browser, later_site / PAGES["sponsor"])
    try:
        text = page.inner_text("body")
        assert "<script>alert(1)</script>" in text
        assert '"><script>alert(2)</script>' in text
        ticks = page.evaluate(
            "Array.from(document.querySelectorAll('#chart-contributors .ytick text'))"
            ".map(t => t.textContent)"
        )
        assert "5. @<i>dave</i>" in ticks
        assert record["dialogs"] == []
    finally:
        context.close()


def test_sponsor_page_prints_without_clipped_charts(browser, later_site):
    """In print layout on A4 every chart fits the page width; a PDF is saved as an artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, record = _open(browser, later_site / PAGES["sponsor"])
    try:
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 12 mm margins
        page.wait_for_timeout(300)
        widths = page.evaluate(
            """Array.from(document.querySelectorAll('.plotly-graph-div svg.main-svg'))
                .map(svg => svg.getBoundingClientRect().right)"""
        )
        assert widths and max(widths) <= 718.5, widths
        assert page.evaluate("Array.from(document.querySelectorAll('details')).every(d => d.open)")
        page.locator("#chart-contributors").screenshot(path=str(ARTIFACTS / "sponsor-print.png"))
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_timeout(300)
        # pdf() lays the page out for print, as printing from a wide browser window does
        page.pdf(path=str(ARTIFACTS / "sponsor.pdf"), format="A4", print_background=True)
        assert record["errors"] == []
    finally:
        context.close()
