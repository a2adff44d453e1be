"""The data dictionary page: every schema, table and column of the warehouse, each table's
grain and key, and the lineage of each mart, from the same source as the column comments."""

import duckdb
import pytest

from tests.reports.html_tree import parse, table_by_caption, table_rows


@pytest.fixture(scope="module")
def page(demo_site):
    return parse((demo_site.folder / "reports" / "data-dictionary.html").read_text())


@pytest.fixture(scope="module")
def catalogue(demo_site) -> dict[str, list[tuple[str, str, str | None]]]:
    con = duckdb.connect(str(demo_site.warehouse), read_only=True)
    try:
        rows = con.execute(
            "select schema_name || '.' || table_name, column_name, data_type, comment "
            "from duckdb_columns() where database_name = current_database() "
            "order by schema_name, table_name, column_index"
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, list] = {}
    for table, column, data_type, comment in rows:
        tables.setdefault(table, []).append((column, data_type, comment))
    return tables


@pytest.mark.slow
def test_every_table_and_column_of_the_warehouse_is_on_the_page(page, catalogue):
    assert {"raw", "core", "quarantine", "marts", "ops"} == {t.split(".")[0] for t in catalogue}
    for table, columns in catalogue.items():
        rows = table_rows(table_by_caption(page, f"Columns of {table}"))
        assert [row[0] for row in rows] == [column for column, _, _ in columns], table
        assert [row[1] for row in rows] == [data_type for _, data_type, _ in columns], table


@pytest.mark.slow
def test_the_meanings_are_the_warehouse_comments(page, catalogue):
    rows = table_rows(table_by_caption(page, "Columns of marts.chat_week"))
    meanings = {row[0]: row[2] for row in rows}
    comments = {column: comment for column, _, comment in catalogue["marts.chat_week"]}
    assert meanings == comments


@pytest.mark.slow
def test_a_mart_shows_its_grain_key_and_lineage(page):
    lift = page.find("article", id="marts-chat_lift")
    assert "One row per chat-week, over the 12 weeks" in lift.find("p", "grain").text()
    assert lift.find("p", "key").text() == "Key: chat, week_start"
    steps = [li.text() for li in lift.find("ol", "steps").find_all("li")]
    # chat_lift is made from account_growth, itself from the follower snapshots.
    assert steps.index("marts/account_growth") < steps.index("marts/chat_lift") == len(steps) - 1
    assert "core.follower_snapshots" in lift.find("details", "lineage").text()
    runs = page.find("article", id="ops-runs")
    assert runs.find("p", "key").text() == "Key: run_id"
    assert runs.find_all("details", "lineage") == []  # only marts are built


@pytest.mark.slow
def test_the_index_links_to_it(demo_site):
    index = parse((demo_site.folder / "reports" / "index.html").read_text())
    assert "data-dictionary.html" in [a.attrs.get("href") for a in index.find_all("a")]
