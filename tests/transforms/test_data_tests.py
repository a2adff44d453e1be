"""The data tests hold on the demo warehouse, and each of them catches the fault it names."""

from datetime import UTC, date, datetime

import pytest

from config.demo import demo_settings
from schemas.dictionary import MARTS, TABLES
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
    ],
)
def test_a_data_test_catches_its_fault(demo_warehouse, name, breakage):
    demo_warehouse.begin()
    try:
        demo_warehouse.execute(breakage)
        assert failing_rows(demo_warehouse, data_tests()[name]) != []
    finally:
        demo_warehouse.rollback()


def test_every_core_and_marts_table_has_its_uniqueness_test():
    names = {name for name in data_tests() if name.endswith("_one_row_per_key")}
    assert names == {
        f"{t.name.split('.')[0]}_{t.name.split('.')[1]}_one_row_per_key" for t in TABLES
    }
    assert "marts_account_week_one_row_per_key" in names


@pytest.mark.parametrize("table", [t.name for t in MARTS])
def test_a_uniqueness_test_catches_a_repeated_key(demo_warehouse, table):
    """A copy of a row repeats its key (the demo flags no account, so gaming_signals gets two
    flags of one account-week and signal with different evidence)."""
    name = f"{table.replace('.', '_')}_one_row_per_key"
    demo_warehouse.begin()
    try:
        if table == "marts.gaming_signals":
            for evidence in ("first", "second"):
                demo_warehouse.execute(
                    "insert into marts.gaming_signals values ('tchat', date '2026-11-16', "
                    "'2026-W47', 'x', '1', 'burst', 40, 30, ?, [])",
                    [evidence],
                )
        else:
            assert demo_warehouse.execute(f"select count(*) from {table}").fetchall() != [(0,)]
            demo_warehouse.execute(f"insert into {table} select * from {table} limit 1")
        assert failing_rows(demo_warehouse, data_tests()[name]) != []
    finally:
        demo_warehouse.rollback()
