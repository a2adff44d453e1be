"""The data dictionary page: every schema, table and column of the warehouse, each table's
grain and key, and for each mart the steps and tables it is built from (its lineage).

Made from the warehouse's own catalogue (names and types) and `schemas.dictionary`, the one
source of the column comments and docs/metrics.md, so the page, the comments and the docs
say the same.
"""

import duckdb

from reports.pages import now_utc, render_template
from schemas.dictionary import OPERATIONAL, SCHEMAS, TABLES
from transforms.lineage import lineages
from warehouse.sql import sql_file

PAGE = "data-dictionary.html"


def _catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """Each table's columns as the warehouse holds them: name, type and comment, in order."""
    rows = con.execute(
        sql_file("reports.queries", "sql/dictionary_columns.sql"),
        {"schemas": list(SCHEMAS)},
    ).fetchall()
    tables: dict[str, list[dict]] = {}
    for table, column, data_type, comment in rows:
        tables.setdefault(table, []).append(
            {"name": column, "type": data_type, "meaning": comment or ""}
        )
    return tables


def dictionary_page(con: duckdb.DuckDBPyConnection) -> str:
    """The page's HTML."""
    documented = {table.name: table for table in (*TABLES, *OPERATIONAL)}
    built_from = lineages()
    catalogue = _catalogue(con)
    schemas = []
    for schema, about in SCHEMAS.items():
        tables = []
        for name, columns in catalogue.items():
            if name.split(".")[0] != schema:
                continue
            doc = documented.get(name)
            lineage = built_from.get(name)
            tables.append(
                {
                    "name": name,
                    "anchor": name.replace(".", "-"),
                    "description": doc.description_without_key if doc else "",
                    "key": list(doc.key) if doc else [],
                    "columns": columns,
                    "steps": list(lineage.steps) if lineage else [],
                    "sources": list(lineage.sources) if lineage else [],
                }
            )
        schemas.append({"name": schema, "about": about, "tables": tables})
    return render_template(
        "dictionary.html.j2",
        title="chatreach data dictionary",
        root="",
        schemas=schemas,
        generated_at=f"{now_utc():%Y-%m-%d %H:%M} UTC",
        uses_charts=False,
    )
