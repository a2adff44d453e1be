"""Numbers, shares and links as the pages show them."""

from datetime import date

import pytest

from reports import format as fmt
from reports.links import page_name, post_url, safe_href


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1k"),
        (12_400, "12.4k"),
        (12_449, "12.4k"),
        (999_960, "1M"),
        (1_234_567, "1.2M"),
        (3_400_000_000, "3.4B"),
        (-1500, "−1.5k"),
        (2.5, "2.5"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_number_is_short_for_people(value, shown):
    """It writes counts as 12.4k, 1.2M, and an unknown value as a dash."""
    assert fmt.number(value) == shown


def test_number_with_sign():
    """A change carries its sign; zero has none."""
    assert fmt.number(1200, sign=True) == "+1.2k"
    assert fmt.number(-3, sign=True) == "−3"
    assert fmt.number(0, sign=True) == "0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.031, "3.1%"),
        (0.5, "50%"),
        (1, "100%"),
        (0, "0%"),
        (0.00001, "<0.1%"),
        (-0.2, "−20%"),
        (None, "–"),
    ],
)
def test_percent(value, shown):
    """It writes shares as percentages with at most one decimal."""
    assert fmt.percent(value) == shown


def test_change_is_absolute_and_relative():
    """A change shows the difference and its share of the previous value."""
    assert fmt.change(5, 3) == "+2 (+66.7%)"
    assert fmt.change(14_700, 15_000) == "−300 (−2%)"
    assert fmt.change(5, 0) == "+5"
    assert fmt.change(None, 3) == "–"
    assert fmt.trend(5, 3) == "up" and fmt.trend(3, 5) == "down" and fmt.trend(3, 3) == "same"


def test_points_score_decimal_day_exact():
    """Percentage points, scores, measures, dates and exact values for tooltips."""
    assert fmt.points(0.0123) == "+1.23 pp"
    assert fmt.points(-0.004) == "−0.4 pp"
    assert fmt.points(None) == "–"
    assert fmt.score(87.34) == "87.3"
    assert fmt.score(100) == "100"
    assert fmt.decimal(0.23456) == "0.235"
    assert fmt.decimal(12_400.0) == "12.4k"
    assert fmt.day(date(2025, 11, 3)) == "Mon 3 Nov 2025"
    assert fmt.exact(12_400) == "12,400"
    assert fmt.exact(None) == "–"


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("HTTP://Example.com", "HTTP://Example.com"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ('"><script>alert(1)</script>', None),
        ("https://", None),
        ("//example.com/x", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url, href):
    """Only http and https URLs with a host may be links."""
    assert safe_href(url) == href


def test_post_urls_by_platform():
    """A post links to its platform's page when one can be formed, never for the demo."""
    assert post_url("x", "1006", "HostOne") == "https://x.com/HostOne/status/1006"
    assert post_url("x", "1006", "<i>dave</i>") == "https://x.com/i/status/1006"
    assert post_url("x", "abc", "HostOne") is None
    assert post_url("mastodon", "1234", "ann@example.social") == (
        "https://example.social/@ann/1234"
    )
    assert post_url("mastodon", "1234", "ann") is None
    assert post_url("bluesky", "at://did:plc:abc123/app.bsky.feed.post/3kxyz", "a.bsky.social") == (
        "https://bsky.app/profile/did:plc:abc123/post/3kxyz"
    )
    assert post_url("demo", "1006", "HostOne") is None
    assert post_url("elsewhere", "1", "x") is None


def test_page_names_are_safe_and_distinct():
    """Participant page names keep simple ids and encode the rest, so ids never collide."""
    assert page_name("x", "1234") == "x-1234.html"
    assert page_name("bluesky", "did:plc:abc") == "bluesky-did~3Aplc~3Aabc.html"
    assert page_name("x", "../../etc") == "x-~2E~2E~2F~2E~2E~2Fetc.html"
    assert page_name("x", "a_b") != page_name("x", "a~5Fb")
    assert "/" not in page_name("x", "a/b")
    assert len(page_name("x", "é" * 500)) < 255


def test_count_names_its_noun_in_the_right_number():
    assert fmt.count(1, "reply", "replies") == "1 reply"
    assert fmt.count(0, "reply", "replies") == "0 replies"
    assert fmt.count(2, "quote") == "2 quotes"
    assert fmt.count(12_400, "record") == "12.4k records"


def test_durations_read_as_people_say_them():
    from reports.format import duration

    assert [duration(v) for v in (None, 42.4, 60, 95, 3600, 3725, 7260)] == [
        "–", "42 s", "1 min", "1 min 35 s", "1 h", "1 h 2 min", "2 h 1 min",
    ]  # fmt: skip
