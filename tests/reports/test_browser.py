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
    "recap": "tchat/2025-W45/recap.html",
    "dictionary": "data-dictionary.html",
}
WIDTHS = (390, 1280, 1920)
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
    && b.top < a.bottom;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) { problems.push("the page scrolls sideways"); }
  document.querySelectorAll(".plotly-graph-div").forEach(div => {
    if (!div.offsetParent) { return; }  // hidden at this width (e.g. the phone's table instead)
    const card = div.closest("figure, section").getBoundingClientRect();
    const svg = div.querySelector("svg.main-svg");
    if (!svg) { problems.push(div.id + " is not drawn"); return; }
    const drawn = svg.getBoundingClientRect();
    if (drawn.left < card.left - 1 || drawn.right > card.right + 1) {
      problems.push(`${div.id} is ${Math.round(drawn.width)} px wide in a ${Math.round(card.width)} px card`);
    }
    const title = document.getElementById(div.id + "-title");
    const legend = div.querySelector(".legend");
    const plot = div.querySelector(".cartesianlayer .plot, .bglayer rect");
    if (legend && title && overlap(legend.getBoundingClientRect(), title.getBoundingClientRect())) {
      problems.push(div.id + ": the legend covers the title");
    }
    if (legend && plot && overlap(legend.getBoundingClientRect(), plot.getBoundingClientRect())) {
      problems.push(div.id + ": the legend covers the plot");
    }
  });
  document.querySelectorAll("main p, main h1, main h2, main h3, main li, main dt, main dd, "
      + "main summary, main blockquote, .card, header h1").forEach(element => {
    if (!element.offsetParent || element.closest(".table-wrap")) { return; }
    if (element.scrollWidth > element.clientWidth + 1) {
      problems.push(`${element.tagName} overflows: ${element.textContent.trim().slice(0, 50)}`);
    }
  });
  return problems;
}"""

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
        if kind in ("index", "recap", "dictionary"):
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


def _settle(page):
    """Wait until plotly has relaid its charts out after a resize (later on a busy machine)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """Array.from(document.querySelectorAll('.plotly-graph-div')).every(div =>
                !div.offsetParent || !div.querySelector('svg.main-svg') ||
                div.querySelector('svg.main-svg').getBoundingClientRect().width
                    <= div.getBoundingClientRect().width + 1)""",
            timeout=5000,
        )


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_fits_every_screen(browser, later_site, kind):
    """At 390, 1280 and 1920 px: no chart wider than its card, no legend over a title or the
    plot, no text out of its box; screenshots of each width are saved."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, record = _open(browser, later_site / PAGES[kind], width=WIDTHS[0])
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            _settle(page)
            assert page.evaluate(LAYOUT_PROBLEMS) == [], (kind, width)
            page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
        assert record["errors"] == []
    finally:
        context.close()


def test_the_phone_reads_retention_as_a_table(browser, later_site):
    """At 390 px the cohort heatmap gives way to a table of the newest cohorts."""
    context, page, _ = _open(browser, later_site / PAGES["community"], width=390)
    try:
        shown = page.evaluate(
            """[document.querySelector('#retention .wide-only').offsetParent !== null,
                document.querySelector('#retention .phone-only table').offsetParent !== null]"""
        )
        assert shown == [False, True]
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["sponsor", "community", "recap", "index", "participant"])
def test_axe_finds_no_serious_or_critical_violation(browser, later_site, kind):
    """axe-core (as axe-playwright-python bundles it) on the drawn page."""
    from axe_playwright_python.sync_playwright import Axe

    context, page, _ = _open(browser, later_site / PAGES[kind])
    try:
        _settle(page)
        found = Axe().run(page).response["violations"]
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in found
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], serious
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


def test_the_recap_prints_cleanly(browser, later_site):
    """In print layout on A4 nothing runs past the page width and no navigation prints; a PDF
    is saved as an artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, record = _open(browser, later_site / PAGES["recap"])
    try:
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 12 mm margins
        widest = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('main *'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 718.5, widest
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.masthead nav')).display")
            == "none"
        )
        page.pdf(path=str(ARTIFACTS / "recap.pdf"), format="A4", print_background=True)
        assert record["errors"] == []
    finally:
        context.close()
