"""The public API: what write_week_reports writes and where, atomically; the last full week."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from config.chat import ChatSettings
from reports import render, site
from reports.headline import headline_numbers, headline_table
from reports.render import last_complete_week, write_atomic, write_index
from tests.reports.html_tree import parse
from tests.reports.tiny import CHAT, WEEK, read
from warehouse.publish import reading


@pytest.mark.parametrize(
    ("now", "week"),
    [
        (datetime(2025, 11, 10, 4, 59, tzinfo=UTC), date(2025, 10, 27)),  # Sun 23:59 in New York
        (datetime(2025, 11, 10, 5, 0, tzinfo=UTC), date(2025, 11, 3)),  # Mon 00:00 in New York
        (datetime(2025, 11, 12, 12, 0, tzinfo=UTC), date(2025, 11, 3)),
        (datetime(2025, 11, 10, 5, 0), date(2025, 11, 3)),  # naive: taken as UTC
    ],
)
def test_last_complete_week_in_the_chats_time_zone(now, week):
    """The latest Monday whose week has ended in the chat's time zone."""
    assert last_complete_week(CHAT, now) == week


def test_last_complete_week_across_a_time_zone():
    """In Auckland, Monday 00:00 comes half a day before it does in UTC."""
    chat = ChatSettings(slug="nz", hashtags=["x"], timezone="Pacific/Auckland")
    assert last_complete_week(chat, datetime(2025, 11, 9, 12, 0, tzinfo=UTC)) == date(2025, 11, 3)


def test_layout_of_the_pages_written(tiny_warehouse, tmp_path):
    """Sponsor, recap, community, participant pages, index and the shared assets, once."""
    con = reading(tiny_warehouse)
    try:
        first = render.write_week_reports(con, CHAT, WEEK, tmp_path)
        second = render.write_week_reports(con, CHAT, WEEK, tmp_path)
    finally:
        con.close()
    relative = sorted(str(path.relative_to(tmp_path)) for path in first)
    assert relative == sorted(
        [
            "assets/plotly.min.js",
            "assets/charts.js",
            "assets/report.css",
            "data-dictionary.html",
            "index.html",
            "tchat/community.html",
            "tchat/2025-W45/sponsor.html",
            "tchat/2025-W45/recap.html",
            "tchat/2025-W45/recap.md",
            *[f"tchat/participants/x-{n}.html" for n in (1, 2, 3, 4, 6)],
        ]
    )
    assert all(path.is_absolute() and path.exists() for path in first)
    assert sorted(second) == sorted(p for p in first if p.parent.name != "assets")
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_pages_link_the_shared_assets_relatively(tiny_site):
    """Every page uses the one local plotly.js, chart drawer and stylesheet by a relative path;
    no CDN."""
    expected = {
        "index.html": "",
        "tchat/community.html": "../",
        "tchat/2025-W45/sponsor.html": "../../",
        "tchat/participants/x-1.html": "../../",
    }
    for page, prefix in expected.items():
        html = read(tiny_site / page)
        document = parse(html)
        sheets = [link.attrs["href"] for link in document.find_all("link", rel="stylesheet")]
        assert sheets == [f"{prefix}assets/report.css"]
        scripts = [s.attrs["src"] for s in document.find_all("script") if s.attrs.get("src")]
        drawing = [f"{prefix}assets/plotly.min.js", f"{prefix}assets/charts.js"]
        assert scripts == ([] if page == "index.html" else drawing)
        for url in scripts + sheets:
            assert (tiny_site / page).parent.joinpath(url).resolve().exists()
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html
    assert (tiny_site / "assets/plotly.min.js").stat().st_size > 1_000_000


def test_write_atomic_never_leaves_half_a_file(tmp_path, monkeypatch):
    """A failed write leaves the old file as it was and no temporary file behind."""
    path = write_atomic(tmp_path / "page.html", "old")
    assert oct(path.stat().st_mode & 0o777) == "0o644"

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(site.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_write_index_alone(tiny_warehouse, tiny_site, tmp_path):
    """write_index can be called on its own and writes out_dir/index.html."""
    con = reading(tiny_warehouse)
    try:
        path = write_index(con, [CHAT], tiny_site)
    finally:
        con.close()
    assert path == tiny_site / "index.html"
    assert "2025-W45" in read(path)


def test_headline_numbers(tiny_warehouse):
    """The seven headline numbers of the week with the previous week's values."""
    con = reading(tiny_warehouse)
    try:
        numbers = headline_numbers(con, "tchat", WEEK)
        first = headline_numbers(con, "tchat", date(2025, 10, 13))
    finally:
        con.close()
    assert numbers == {
        "participants": {"value": 5, "previous": 3},
        "new_participants": {"value": 2, "previous": 1},
        "posts": {"value": 4, "previous": 3},
        "impressions": {"value": 15_000, "previous": 14_700},
        "views": {"value": 9_400, "previous": None},  # no post of 2025-W44 reports views
        "reach": {"value": 15_050, "previous": 14_700},
        "engagements": {"value": 37, "previous": 16},
    }
    assert first["participants"] == {"value": 2, "previous": None}
    assert headline_table(numbers)[0] == {
        "metric": "Participants",
        "this week": "5",
        "previous week": "3",
        "change": "+2 (+66.7%)",
    }


def test_reports_never_import_prefect():
    """The reports package is plain functions (the import contract says so too)."""
    for path in Path(render.__file__).parent.glob("*.py"):
        assert "prefect" not in path.read_text(encoding="utf-8"), path
