"""The data dictionary is inside the warehouse: every core and marts column has its COMMENT."""

from schemas.dictionary import TABLES
from tests.builders import new_warehouse, rows, tchat
from transforms.build import build_chat


def test_every_core_and_marts_column_and_table_has_a_comment():
    con = new_warehouse()
    build_chat(con, tchat())  # a build rewrites marts; the comments must survive it
    missing = rows(
        con,
        """
        select schema_name, table_name, column_name from duckdb_columns()
        where schema_name in ('core', 'marts') and coalesce(comment, '') = ''
    """,
    )
    assert missing == []
    tables = rows(
        con,
        """
        select schema_name, table_name from duckdb_tables()
        where schema_name in ('core', 'marts') and coalesce(comment, '') = ''
    """,
    )
    assert tables == []


def test_the_comments_are_the_dictionary_wording():
    con = new_warehouse()
    documented = {
        (table.name, column): text for table in TABLES for column, text in table.columns.items()
    }
    found = rows(
        con,
        """
        select schema_name || '.' || table_name as name, column_name, comment
        from duckdb_columns() where schema_name in ('core', 'marts')
    """,
    )
    assert found
    for row in found:
        assert row["comment"] == documented[(row["name"], row["column_name"])]


def test_every_table_states_its_key_as_its_description_does():
    for table in TABLES:
        assert table.key and set(table.key) <= set(table.columns), table.name
        stated = f"({', '.join(table.key)})"
        assert f"Key: {stated}" in table.description or f"unique on {stated}" in (
            table.description
        ), table.name
