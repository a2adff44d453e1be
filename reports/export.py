"""`chatreach export`: the marts (and on request `core`) as Parquet or CSV files for the tools
that cannot read DuckDB (spreadsheets, Tableau, Power BI), one file per table, with the data
dictionary beside them as `dictionary.json` and `README.md`.

Files leave the controlled warehouse, so they honour `[privacy]` as the reports do: the names,
handles and texts of opted-out and not-indexed accounts are NULL (their numbers still count),
unless the caller asks for them.
"""

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb

from reports.pages import OPTED_OUT
from reports.queries.common import OptOut, resolve_opt_out
from reports.site import write_atomic
from schemas.dictionary import CORE, MARTS, TableDoc
from warehouse.sql import iso_utc, sql_file

Format = Literal["parquet", "csv"]

BLANKED: dict[str, dict[str, tuple[str, str]]] = {
    "core.posts": {
        "author_handle": ("platform", "author_id"),
        "author_handle_key": ("platform", "author_id"),
        "text": ("platform", "author_id"),
    },
    "core.accounts": {
        "handle": ("platform", "account_id"),
        "display_name": ("platform", "account_id"),
    },
    "marts.question_week": {"question_text": ("question_platform", "question_author_id")},
    "marts.gaming_signals": {"evidence": ("platform", "account_id")},
}
"""Per table, the columns that name or quote an account, and the (platform, id) columns of
the account they belong to: NULL in an export when that account is hidden."""

MENTIONING = {
    "core.posts": ("text",),
    "marts.question_week": ("question_text",),
    "marts.gaming_signals": ("evidence",),
}
"""Per table, the texts in which a hidden account's @handle is replaced, as on the pages."""


def mention_rewrite(handles: Collection[str]) -> tuple[str, str] | None:
    """An RE2 pattern of the hidden @handles (as `reports.pages.handle_redactor` finds them)
    and its replacement. The pattern captures the character after the handle, so that the
    replacement keeps it: RE2 has no look-ahead. A Mastodon handle `name@instance` is also
    found as `@name`, but not as `@name@another.instance`."""
    if not handles:
        return None
    full = "|".join(re.escape(h) for h in handles)
    local = "|".join(re.escape(h.split("@")[0]) for h in handles if "@" in h.strip("@"))
    pattern, kept = f"@(?:{full})($|[^0-9A-Za-z_])", "\\1"
    if local:
        pattern += f"|@(?:{local})($|[^0-9A-Za-z_@]|@$|@[^0-9A-Za-z])"
        kept += "\\2"
    return pattern, f"@[{OPTED_OUT}]{kept}"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    folder: Path
    files: list[Path]
    rows: dict[str, int]
    blanked_accounts: int
    """Accounts whose names, handles and texts were left out (0 with `include_opted_out`)."""


def _hidden_table(con: duckdb.DuckDBPyConnection, hidden: OptOut) -> int:
    """Hold the hidden accounts in a temp table; return how many the warehouse knows."""
    pairs = [key.split(":", 1) for key in hidden.keys]
    con.execute(
        "create or replace temp table export_hidden as "
        "select unnest($platforms::varchar[]) as platform, unnest($ids::varchar[]) as account_id",
        {"platforms": [p for p, _ in pairs], "ids": [i for _, i in pairs]},
    )
    known = con.execute(sql_file("reports.queries", "sql/export_hidden_known.sql")).fetchone()
    return int(known[0]) if known else 0


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    schema, name = table.split(".")
    return con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = ? and table_name = ? "
        "order by column_index",
        [schema, name],
    ).fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_text(column: str, data_type: str) -> str:
    """How a column is written to CSV: lists as JSON arrays, instants as UTC ISO 8601."""
    if data_type.endswith("[]"):
        return f"to_json({column})"
    if data_type == "TIMESTAMP WITH TIME ZONE":
        return iso_utc(column)
    return column


def _select(
    con: duckdb.DuckDBPyConnection, table: TableDoc, fmt: Format, blank: bool, redact: bool
) -> str:
    """The export's query of one table; with `redact`, it takes the pattern as `$mentions`."""
    blanked = BLANKED.get(table.name, {}) if blank else {}
    mentioning = MENTIONING.get(table.name, ()) if redact else ()
    expressions = []
    for name, data_type in _columns(con, table.name):
        column = f"source.{_quoted(name)}"
        if name in mentioning:
            column = f"regexp_replace({column}, $mentions, $placeholder, 'gi')"
        if name in blanked:
            platform, account = blanked[name]
            column = (
                "case when exists (select 1 from export_hidden as h where h.platform = "  # noqa: S608
                f"source.{platform} and h.account_id = source.{account}) then null "
                f"else {column} end"
            )
        if fmt == "csv":
            column = _as_text(column, data_type)
        expressions.append(f"{column} as {_quoted(name)}")
    order = ", ".join(f"source.{_quoted(c)}" for c in table.key)
    return (
        f"select {', '.join(expressions)} from {table.name} as source "  # noqa: S608 - our names
        f"order by {order}"
    )


def _dictionary(tables: list[TableDoc], files: dict[str, Path], rows: dict[str, int]) -> list:
    return [
        {
            "table": table.name,
            "file": files[table.name].name,
            "description": table.description_without_key,
            "key": list(table.key),
            "rows": rows[table.name],
            "columns": [{"name": c, "description": d} for c, d in table.columns.items()],
        }
        for table in tables
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _readme(entries: list[dict], fmt: Format, privacy: str, exported_at: str) -> str:
    lines = [
        "# chatreach export",
        "",
        f"Exported {exported_at} as {fmt.upper()}, one file per table. {privacy}",
        "",
    ]
    if fmt == "csv":
        lines += [
            "CSV: comma-separated with a header row, UTF-8; list columns are JSON arrays; "
            "instants are UTC ISO 8601 (`2026-11-16T20:00:00Z`); dates are `YYYY-MM-DD`; "
            "an empty cell is NULL.",
            "",
        ]
    for entry in entries:
        lines += [
            f"## {entry['table']} (`{entry['file']}`, {entry['rows']} rows)",
            "",
            entry["description"],
            "",
            f"Key: {', '.join(entry['key'])}",
            "",
            "| column | meaning |",
            "|---|---|",
            *(f"| `{c['name']}` | {_cell(c['description'])} |" for c in entry["columns"]),
            "",
        ]
    return "\n".join(lines)


def export_warehouse(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    fmt: Format = "parquet",
    *,
    include_core: bool = False,
    opt_out: Collection[str] = (),
    respect_nobot: bool = True,
    include_opted_out: bool = False,
) -> ExportResult:
    """Write every mart (and with `include_core` every core table) to `out`, each file under a
    temporary name moved into place, then `dictionary.json` and `README.md`."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    hidden = OptOut() if include_opted_out else resolve_opt_out(con, opt_out, respect_nobot)
    blanked = _hidden_table(con, hidden)
    tables = [*(CORE if include_core else ()), *MARTS]
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    rewrite = None if include_opted_out else mention_rewrite(hidden.handles)
    for table in tables:
        redact = rewrite is not None and table.name in MENTIONING
        query = _select(con, table, fmt, not include_opted_out, redact)
        params = {"mentions": rewrite[0], "placeholder": rewrite[1]} if rewrite and redact else None
        relation = con.sql(query, params=params)
        target = out / f"{table.name}.{fmt}"
        partial = target.with_name(f".{target.name}.partial")
        if fmt == "csv":
            relation.write_csv(str(partial), header=True)
        else:
            relation.write_parquet(str(partial))
        partial.replace(target)
        files[table.name] = target
        rows[table.name] = len(con.sql(f"select 1 from {table.name}"))  # noqa: S608 - our names
    con.execute("drop table export_hidden")
    exported_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    privacy = (
        "Opted-out and not-indexed accounts are included by name (--include-opted-out)."
        if include_opted_out
        else f"The names, handles and texts of {blanked} opted-out or not-indexed "
        "accounts are left empty; their numbers still count."
    )
    entries = _dictionary(tables, files, rows)
    dictionary = {
        "exported_at": exported_at,
        "format": fmt,
        "privacy": privacy,
        "tables": entries,
    }
    write_atomic(out / "dictionary.json", json.dumps(dictionary, indent=2, ensure_ascii=False))
    write_atomic(out / "README.md", _readme(entries, fmt, privacy, exported_at))
    written = [*files.values(), out / "dictionary.json", out / "README.md"]
    return ExportResult(out, written, rows, 0 if include_opted_out else blanked)
