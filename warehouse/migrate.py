"""Create the warehouse on first use and upgrade it by versioned migrations."""

from importlib import resources

import duckdb

from schemas.dictionary import TABLES, TableDoc
from warehouse.sql import scalar, transaction


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped, in order."""
    folder = resources.files("warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for (version, first, _), (again, second, _) in zip(found, found[1:], strict=False):
        if version == again:
            # applied in an order nobody chose: refuse rather than guess
            raise RuntimeError(f"migrations {first} and {second} share the number {version}")
    return found


LATEST_VERSION = migrations()[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version the warehouse is at (0 for an empty file)."""
    exists = scalar(
        con,
        "select count(*) from duckdb_tables() where schema_name = 'ops' "
        "and table_name = 'schema_version'",
    )
    if not exists:
        return 0
    return int(scalar(con, "select coalesce(max(version), 0) from ops.schema_version"))


def migrate(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> int:
    """Apply every migration not yet applied (each in its own transaction); return the version."""
    current = schema_version(con)
    for version, name, sql in migrations():
        if version <= current or (up_to is not None and version > up_to):
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("insert into ops.schema_version values (?, ?, now())", [version, name])
        current = version
    apply_comments(con)
    return current


def _comment(
    con: duckdb.DuckDBPyConnection,
    table: TableDoc,
    tables: dict[tuple[str, str], str | None],
    columns: dict[tuple[str, str, str], str | None],
) -> None:
    """Set the table's and its columns' comments where they differ from the dictionary's
    (setting an equal one would still be a write, and a session that writes is published)."""
    schema, name = table.name.split(".")
    if (schema, name) not in tables:
        return
    if tables[(schema, name)] != table.description:
        con.execute(f"comment on table {table.name} is {_quote(table.description)}")
    for column, text in table.columns.items():
        key = (schema, name, column)
        if key in columns and columns[key] != text:
            con.execute(f"comment on column {table.name}.{column} is {_quote(text)}")


def _quote(text: str) -> str:
    # COMMENT ON takes no bound parameters; these texts are the project's own, not user data.
    return "'" + text.replace("'", "''") + "'"


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)apply the data dictionary's COMMENTs to every core and marts table that exists."""
    tables = {
        (schema, name): comment
        for schema, name, comment in con.execute(
            "select schema_name, table_name, comment from duckdb_tables()"
        ).fetchall()
    }
    columns = {
        (schema, name, column): comment
        for schema, name, column, comment in con.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns()"
        ).fetchall()
    }
    for table in TABLES:
        _comment(con, table, tables, columns)
