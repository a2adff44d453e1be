"""The data tests hold on the demo warehouse, and each of them catches the fault it names."""

from datetime import UTC, date, datetime

import pytest

from config.demo import demo_settings
from sources.simulated import pull_simulated
from tests.builders import new_warehouse
from transforms.build import build_chat
from transforms.data_tests import data_tests, failing_rows
from warehouse.ingest import load_records


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory):
    settings = demo_settings(
        tmp_path_factory.mktemp("demo"), weeks=5, seed=7, end_week=date(2026, 11, 16)
    )
    con = new_warehouse()
    records = pull_simulated(
        settings.sources.demo, settings.chat("tchat"), None, datetime(2026, 11, 25, tzinfo=UTC)
    )
    counts = load_records(con, records, source="demo", origin="demo", run_id="t")
    assert counts.rejected == 0
    build_chat(con, settings.chat("tchat"))
    return con


@pytest.mark.parametrize("name", sorted(data_tests()))
def test_data_test_returns_no_rows_on_the_demo(demo_warehouse, name):
    assert failing_rows(demo_warehouse, data_tests()[name]) == []


def test_the_demo_has_weeks_to_test(demo_warehouse):
    assert demo_warehouse.execute("select count(*) from marts.chat_week").fetchall() == [(5,)]


@pytest.mark.parametrize(
    ("name", "breakage"),
    [
        (
            "engagements_are_the_sum_of_their_parts",
            "update marts.account_week set likes_received = likes_received + 1 "
            "where rowid = (select min(rowid) from marts.account_week)",
        ),
        (
            "chat_week_has_no_gaps",
            "delete from marts.chat_week where week_start = (select min(week_start) + 7 from marts.chat_week)",
        ),
        ("shares_are_within_zero_and_one", "update marts.chat_week set retention_rate = 1.5"),
        (
            "pagerank_sums_to_one",
            "update marts.account_week set influence_pagerank = influence_pagerank * 2",
        ),
        (
            "account_week_one_row_per_key",
            "insert into marts.account_week select * from marts.account_week limit 1",
        ),
    ],
)
def test_a_data_test_catches_its_fault(demo_warehouse, name, breakage):
    demo_warehouse.begin()
    try:
        demo_warehouse.execute(breakage)
        assert failing_rows(demo_warehouse, data_tests()[name]) != []
    finally:
        demo_warehouse.rollback()
