"""Canonical CSV, Parquet and JSONL files, read in batches as received.

Each batch is a polars frame with the record kind's columns as found in the file (text for CSV
and JSONL, the file's own types for Parquet), plus `_row` (1-based record number), `record`
(the record as received, as JSON text) and `_reasons` (what could not be read).
"""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from schemas.records import RecordKind

BATCH_ROWS = 100_000
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class BadFile(ValueError):
    """A file that cannot be loaded at all; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        super().__init__(f"{path}: {problem}")


def file_format(path: Path) -> str:
    """csv, parquet or jsonl, from the file's suffix."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BadFile(path, f"unknown file type '{suffix}' (use .csv, .parquet or .jsonl)")
    return FORMATS[suffix]


def _list_columns(kind: RecordKind) -> set[str]:
    return {name for name, dtype in kind.columns.items() if isinstance(dtype, pl.List)}


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_list(expression: str, name: str) -> tuple[str, str]:
    """SQL that reads a JSON array of text, and the reason given when it cannot."""
    parsed = f"try(from_json({expression}, '[\"VARCHAR\"]'))"
    value = f"case when trim(coalesce({expression}, '')) = '' then []::varchar[] else {parsed} end"
    reason = (
        f"case when trim(coalesce({expression}, '')) <> '' and {parsed} is null "
        f"then '{name}: ''' || left({expression}, 60) || ''' is not a JSON list of text' end"
    )
    return value, reason


def _csv_query(path: Path, kind: RecordKind, con: duckdb.DuckDBPyConnection) -> str:
    source = (
        f"read_csv({_sql_text(path)}, all_varchar = true, header = true, delim = ',', "
        "quote = '\"', escape = '\"')"
    )
    found = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    _check_columns(path, kind, found)
    lists = _list_columns(kind)
    selects, reasons = [], []
    for name in kind.columns:
        if name not in found:
            continue
        if name in lists:
            value, reason = _text_list(_quote_ident(name), name)
            selects.append(f"{value} as {name}")
            reasons.append(reason)
        else:
            selects.append(f"{_quote_ident(name)} as {name}")
    return _final(selects, reasons, f"to_json(src)", f"{source} src")


def _parquet_query(path: Path, kind: RecordKind, con: duckdb.DuckDBPyConnection) -> str:
    source = f"read_parquet({_sql_text(path)})"
    described = {row[0]: row[1] for row in con.execute(f"describe select * from {source}").fetchall()}
    _check_columns(path, kind, list(described))
    lists = _list_columns(kind)
    selects, reasons = [], []
    for name in kind.columns:
        if name not in described:
            continue
        column = _quote_ident(name)
        if name in lists and described[name] == "VARCHAR":
            value, reason = _text_list(column, name)
            selects.append(f"{value} as {name}")
            reasons.append(reason)
        elif name in lists:
            selects.append(f"try_cast({column} as varchar[]) as {name}")
        elif described[name].startswith(("BIGINT", "INTEGER", "UBIGINT", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL")) and kind.columns[name] == pl.String:
            selects.append(f"cast({column} as varchar) as {name}")
        else:
            selects.append(f"{column} as {name}")
    return _final(selects, reasons, "to_json(src)", f"{source} src")


def _jsonl_query(path: Path, kind: RecordKind) -> str:
    lines = (
        f"read_csv({_sql_text(path)}, columns = {{'line': 'VARCHAR'}}, header = false, "
        "delim = '\x1e', quote = '', escape = '', auto_detect = false, "
        "strict_mode = false, null_padding = true)"
    )
    lists = _list_columns(kind)
    selects, reasons = [], ["case when not json_valid(line) then 'not valid JSON (a truncated or broken line)' end",
                            "case when json_valid(line) and json_type(line) <> 'OBJECT' then 'not a JSON object' end"]
    for name in kind.columns:
        path_expr = f"'$.\"{name}\"'"
        if name in lists:
            raw = f"case when json_valid(line) then json_extract(line, {path_expr})::varchar end"
            value, reason = _text_list(raw, name)
            selects.append(f"{value} as {name}")
            reasons.append(reason)
        else:
            selects.append(
                f"case when json_valid(line) then json_extract_string(line, {path_expr}) end as {name}"
            )
    return _final(selects, reasons, "line", f"{lines} src")


def _final(selects: list[str], reasons: list[str], record: str, source: str) -> str:
    reason_list = "list_filter([" + ", ".join(reasons) + "], lambda r: r is not null)" if reasons else "[]::varchar[]"
    return (
        f"select {', '.join(selects)}, {record} as record, "
        f"{reason_list} as _reasons from {source}"
    )


def _sql_text(path: Path) -> str:
    # The reader takes the path as a literal; quoting makes any file name safe.
    return "'" + str(path).replace("'", "''") + "'"


def _check_columns(path: Path, kind: RecordKind, found: list[str]) -> None:
    missing = [name for name in kind.required if name not in found]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise BadFile(path, f"missing column{plural} {', '.join(missing)} for {kind.name} records")


def read_canonical(path: Path, kind: RecordKind, batch_rows: int = BATCH_ROWS) -> Iterator[pl.DataFrame]:
    """The file's records in batches of at most batch_rows, as received (see module doc)."""
    path = Path(path)
    fmt = file_format(path)
    if not path.exists():
        raise BadFile(path, "no such file")
    if path.stat().st_size == 0:
        raise BadFile(path, "the file is empty")
    con = duckdb.connect()
    try:
        con.execute("set timezone = 'UTC'")
        if fmt == "csv":
            query = _csv_query(path, kind, con)
        elif fmt == "parquet":
            query = _parquet_query(path, kind, con)
        else:
            query = _jsonl_query(path, kind)
        reader = con.sql(query).to_arrow_reader(batch_rows)
        offset = 0
        for arrow_batch in reader:
            frame = pl.from_arrow(arrow_batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.with_row_index("_row", offset=offset + 1)
            offset += frame.height
            if fmt == "jsonl":
                frame = frame.filter(pl.col("record").str.strip_chars().str.len_chars() > 0)
            yield frame
    except duckdb.Error as error:
        raise BadFile(path, _first_line(str(error))) from None
    finally:
        con.close()


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "could not be read"
