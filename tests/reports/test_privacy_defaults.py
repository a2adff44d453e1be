"""[privacy] respect_nobot: accounts that ask not to be indexed are hidden like opted-out ones.

carol (x:4) of the tiny warehouse with the later marts (tests/reports/tiny.py, LATER_ROWS) gets
a later account record with asks_not_to_be_indexed = true, loaded like any other record.
"""

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from config.settings import PrivacySettings, Settings, WarehouseSettings
from flows.report import write_reports_task
from reports.queries import common as queries
from reports.render import write_week_reports
from schemas.records import ACCOUNT
from tests.reports.html_tree import cards, parse
from tests.reports.tiny import CHAT, WEEK, read
from warehouse.ingest import load_records
from warehouse.publish import reading

SPONSOR, COMMUNITY = "tchat/2025-W45/sponsor.html", "tchat/community.html"


@pytest.fixture(scope="module")
def nobot_warehouse(later_warehouse, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nobot") / "chatreach.duckdb"
    shutil.copyfile(later_warehouse, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("set timezone = 'UTC'")
        carol = pl.DataFrame(
            {
                "platform": ["x"],
                "account_id": ["4"],
                "handle": ["carol"],
                "display_name": ["Carol C"],
                "observed_at": ["2025-11-21T00:00:00Z"],
                "asks_not_to_be_indexed": [True],
            }
        )
        load_records(con, {ACCOUNT: carol}, source="test", origin="nobot", run_id="nobot")
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def write(warehouse: Path, out: Path, **options) -> list[Path]:
    con = reading(warehouse)
    try:
        return write_week_reports(con, CHAT, WEEK, out, **options)
    finally:
        con.close()


def participant_pages(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "tchat/participants").glob("*.html"))


def test_an_account_asking_not_to_be_indexed_is_hidden_by_default(nobot_warehouse, tmp_path):
    write(nobot_warehouse, tmp_path, respect_nobot=False)  # written while shown...
    assert "x-4.html" in participant_pages(tmp_path)
    write(nobot_warehouse, tmp_path)  # ...and hidden by default (no opt_out list at all)
    assert "x-4.html" not in participant_pages(tmp_path)
    assert participant_pages(tmp_path)  # the others still have their pages
    for path in tmp_path.rglob("*.html"):
        html = read(path).lower()
        assert "carol" not in html, path  # neither her name, handle nor her post's text
    sponsor = parse(read(tmp_path / SPONSOR))
    assert cards(sponsor)["Participants"]["value"] == "5"  # still counted
    contributors = sponsor.find("section", id="contributors")
    assert "an opted-out participant" in [
        span.text() for span in contributors.find_all("span", "opted-out")
    ]
    posts = sponsor.find("section", id="posts").find_all("article", "post")
    assert len(posts) == 3
    assert any("@[an opted-out participant]" in post.text() for post in posts)  # dave's @carol
    gaming = parse(read(tmp_path / COMMUNITY)).find("section", id="gaming")
    assert "reposted @[an opted-out participant] and @alice" in gaming.find("tbody").text()


def test_with_respect_nobot_off_the_account_is_named(nobot_warehouse, tmp_path):
    write(nobot_warehouse, tmp_path, respect_nobot=False)
    sponsor = read(tmp_path / SPONSOR)
    assert "Carol C" in sponsor and "carol here" in sponsor
    assert "reposted @carol and @alice" in read(tmp_path / COMMUNITY)
    assert "Carol C" in read(tmp_path / "tchat/participants/x-4.html")
    assert "x-4.html" in read(tmp_path / "index.html")


def test_the_opt_out_list_still_applies_with_respect_nobot_off(nobot_warehouse, tmp_path):
    write(nobot_warehouse, tmp_path, opt_out=["x:alice"], respect_nobot=False)
    sponsor = read(tmp_path / SPONSOR)
    assert "Carol C" in sponsor and "Alice A." not in sponsor


def test_resolve_opt_out_adds_the_accounts_that_ask(nobot_warehouse):
    con = reading(nobot_warehouse)
    try:
        hidden = queries.resolve_opt_out(con, ["x:alice"])
        assert {"x:2", "x:4"} <= set(hidden.keys) and not hidden.has("x", "3")
        assert hidden.handles == ("alice", "carol")
        assert queries.resolve_opt_out(con, []).keys == ("x:4",)
        assert queries.resolve_opt_out(con, [], respect_nobot=False) == queries.OptOut()
        assert not queries.resolve_opt_out(con, ["x:alice"], respect_nobot=False).has("x", "4")
    finally:
        con.close()


def test_nobody_asks_in_the_tiny_warehouse(tiny_warehouse):
    con = reading(tiny_warehouse)
    try:
        assert queries.resolve_opt_out(con, []) == queries.OptOut()
    finally:
        con.close()


def test_the_report_task_passes_the_setting(nobot_warehouse, tmp_path, monkeypatch):
    assert PrivacySettings().respect_nobot is True
    # Called outside a flow run, Prefect's artifact calls would need an event loop.
    monkeypatch.setattr("flows.report.publish_artifacts", lambda *args: None)

    def settings(respect: bool) -> Settings:
        return Settings(
            warehouse=WarehouseSettings(path=nobot_warehouse),
            chats={"tchat": CHAT},
            privacy=PrivacySettings(respect_nobot=respect),
        )

    write_reports_task.fn(settings(False), "tchat", WEEK, tmp_path / "off")
    assert "Carol C" in read(tmp_path / "off" / SPONSOR)
    write_reports_task.fn(settings(True), "tchat", WEEK, tmp_path / "on")
    for path in (tmp_path / "on").rglob("*.html"):
        assert "carol" not in read(path).lower(), path
