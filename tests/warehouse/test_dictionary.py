"""The data dictionary is inside the warehouse: every core and marts column has its COMMENT."""

from schemas.dictionary import OPERATIONAL, TABLES
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


def test_the_schema_after_every_migration_has_exactly_the_dictionarys_tables_and_columns():
    con = new_warehouse()
    found = rows(
        con,
        """
        select schema_name || '.' || table_name as name, list(column_name order by column_index)
            as columns
        from duckdb_columns() where schema_name in ('core', 'marts')
        group by all
    """,
    )
    # As sets: a column a later migration adds comes last in the table, the dictionary puts
    # it where a reader looks for it.
    assert {row["name"]: set(row["columns"]) for row in found} == {
        table.name: set(table.columns) for table in TABLES
    }


def test_a_declared_primary_key_is_the_dictionarys_key():
    con = new_warehouse()
    declared = {
        row["name"]: tuple(row["columns"])
        for row in rows(
            con,
            """
            select schema_name || '.' || table_name as name, constraint_column_names as columns
            from duckdb_constraints() where constraint_type = 'PRIMARY KEY'
        """,
        )
    }
    keys = {table.name: table.key for table in (*TABLES, *OPERATIONAL)}
    assert declared  # core and most of ops declare theirs
    assert {name: keys[name] for name in declared} == declared


def test_every_key_is_made_of_the_tables_columns_and_stated_once_in_its_description():
    for table in TABLES:
        assert table.key and set(table.key) <= set(table.columns), table.name
    for table in (*TABLES, *OPERATIONAL):
        stated = f"Key: ({', '.join(table.key)})."
        assert table.description.count(stated) == 1, table.name
        assert "Key:" not in table.description_without_key, table.name
        assert table.grain.startswith("One row per "), table.name
