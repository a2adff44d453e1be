"""A page whose content did not change keeps its file: a report run again rewrites nothing."""

import shutil
from datetime import UTC, datetime
from unittest import mock

import duckdb

from reports.site import Site
from tests.reports.tiny import render

PAGE = "<main>{body}</main><p>Made by chatreach from the warehouse on {at} UTC.</p>"


def identity(path):
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def test_the_same_page_made_later_keeps_the_file_as_it_was(tmp_path):
    site, path = Site(tmp_path), tmp_path / "page.html"
    site.write(path, PAGE.format(body="12 posts", at="2026-11-30 10:00"))
    before = identity(path)
    assert site.write(path, PAGE.format(body="12 posts", at="2026-12-01 09:15")) == path
    assert identity(path) == before
    assert "2026-11-30 10:00" in path.read_text(encoding="utf-8")


def test_a_page_that_says_something_else_is_rewritten(tmp_path):
    site, path = Site(tmp_path), tmp_path / "page.html"
    site.write(path, PAGE.format(body="12 posts", at="2026-11-30 10:00"))
    site.write(path, PAGE.format(body="13 posts", at="2026-11-30 10:00"))
    assert "13 posts" in path.read_text(encoding="utf-8")
    site.write(path, PAGE.format(body="13 posts!", at="2026-11-30 10:05"))
    assert path.read_text(encoding="utf-8") == PAGE.format(body="13 posts!", at="2026-11-30 10:05")


def test_a_report_run_again_an_hour_later_rewrites_only_what_changed(tiny_warehouse, tmp_path):
    warehouse = tmp_path / "chatreach.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    out = tmp_path / "site"
    with mock.patch("reports.render.now_utc", return_value=datetime(2025, 11, 17, 8, tzinfo=UTC)):
        render(warehouse, out)
    pages = sorted((out / "tchat" / "participants").iterdir())
    before = {page.name: identity(page) for page in pages}
    con = duckdb.connect(str(warehouse))
    con.execute(
        "update core.accounts set display_name = 'Alice Renamed' "
        "where platform = 'x' and account_id = '2'"
    )
    con.close()
    with mock.patch("reports.render.now_utc", return_value=datetime(2025, 11, 17, 9, tzinfo=UTC)):
        render(warehouse, out)
    after = {page.name: identity(page) for page in pages}
    changed = {name for name in before if before[name] != after[name]}
    assert "x-2.html" in changed  # alice's own page names her
    assert "x-1.html" not in changed and "x-6.html" not in changed
    assert "Alice Renamed" in (out / "tchat" / "participants" / "x-2.html").read_text("utf-8")
