# ruff: noqa: S608 - SQL here is built from the record kinds' own column names and a quoted path.
"""Canonical CSV, Parquet and JSONL files, read in batches as received.

Each batch is a polars frame with the record kind's columns as found in the file (text for CSV
and JSONL, the file's own types for Parquet), plus `_row` (the record's number in the file:
the data line for CSV, the line for JSONL, the row for Parquet), `record` (the record as
received) and `_reasons` (what could not be read). A line DuckDB cannot parse at all (invalid
UTF-8, too many columns, over the size limit) comes last, as a record with only a reason.
"""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from schemas.records import RecordKind

BATCH_ROWS = 100_000
MAX_LINE_BYTES = 64 * 1024 * 1024
FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
NUMERIC_TYPES = (
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "UBIGINT",
    "UINTEGER",
    "HUGEINT",
    "DOUBLE",
    "FLOAT",
    "DECIMAL",
)


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


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(text: str) -> str:
    # Readers take the path as a literal; quoting makes any file name safe.
    return "'" + text.replace("'", "''") + "'"


def _list_columns(kind: RecordKind) -> set[str]:
    return {name for name, dtype in kind.columns.items() if isinstance(dtype, pl.List)}


def _text_list(expression: str, name: str) -> tuple[str, str]:
    """SQL that reads a JSON array of text, and the reason given when it cannot."""
    parsed = f"try(from_json({expression}, '[\"VARCHAR\"]'))"
    blank = f"trim(coalesce({expression}, '')) = ''"
    value = f"case when {blank} then []::varchar[] else {parsed} end"
    reason = (
        f"case when not {blank} and {parsed} is null "
        f"then '{name}: ''' || left({expression}, 60) || ''' is not a JSON list of text' end"
    )
    return value, reason


def _check_columns(path: Path, kind: RecordKind, found: list[str]) -> None:
    missing = [name for name in kind.required if name not in found]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise BadFile(path, f"missing column{plural} {', '.join(missing)} for {kind.name} records")


def _select(selects: list[str], reasons: list[str], record: str, source: str) -> str:
    reason_list = (
        "list_filter([" + ", ".join(reasons) + "], lambda r: r is not null)"
        if reasons
        else "[]::varchar[]"
    )
    return (
        f"select {', '.join(selects)}, {record} as record, {reason_list} as _reasons from {source}"
    )


def _csv_source(path: Path) -> str:
    return (
        f"read_csv({_sql_text(str(path))}, all_varchar = true, header = true, delim = ',', "
        f"quote = '\"', escape = '\"', store_rejects = true, max_line_size = {MAX_LINE_BYTES})"
    )


def _jsonl_source(path: Path) -> str:
    # One text column per line: a separator that valid JSON cannot hold unescaped.
    return (
        f"read_csv({_sql_text(str(path))}, columns = {{'line': 'VARCHAR'}}, header = false, "
        "delim = '\x1e', quote = '', escape = '', auto_detect = false, store_rejects = true, "
        f"max_line_size = {MAX_LINE_BYTES})"
    )


def _csv_query(path: Path, kind: RecordKind, con: duckdb.DuckDBPyConnection) -> str:
    source = _csv_source(path)
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
    return _select(selects, reasons, "to_json(src)", f"{source} src")


def _parquet_query(path: Path, kind: RecordKind, con: duckdb.DuckDBPyConnection) -> str:
    source = f"read_parquet({_sql_text(str(path))})"
    described = {
        row[0]: row[1] for row in con.execute(f"describe select * from {source}").fetchall()
    }
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
        elif described[name].startswith(NUMERIC_TYPES) and kind.columns[name] == pl.String:
            selects.append(f"cast({column} as varchar) as {name}")
        else:
            selects.append(f"{column} as {name}")
    return _select(selects, reasons, "to_json(src)", f"{source} src")


def _jsonl_query(path: Path, kind: RecordKind) -> str:
    lists = _list_columns(kind)
    selects = []
    reasons = [
        "case when not json_valid(line) then 'not valid JSON (a truncated or broken line)' end",
        "case when json_valid(line) and json_type(line) <> 'OBJECT' then 'not a JSON object' end",
    ]
    for name in kind.columns:
        field = f"'$.\"{name}\"'"
        if name in lists:
            raw = f"case when json_valid(line) then json_extract(line, {field})::varchar end"
            value, reason = _text_list(raw, name)
            selects.append(f"{value} as {name}")
            reasons.append(reason)
        else:
            selects.append(
                f"case when json_valid(line) then json_extract_string(line, {field}) end as {name}"
            )
            if kind.columns[name] == pl.String:
                # A float has already lost an id's last digits: 1.46e+18 is not an id.
                reasons.append(
                    f"case when json_valid(line) and json_type(line, {field}) = 'DOUBLE' then "
                    f"'{name}: ''' || json_extract(line, {field}) || ''' is a float, not text' end"
                )
    return _select(selects, reasons, "line", f"{_jsonl_source(path)} src")


def _unreadable_lines(
    con: duckdb.DuckDBPyConnection, source: str, header_lines: int
) -> pl.DataFrame:
    """Scan once and return the lines DuckDB rejected: (_row, record, reason)."""
    # Every column is read (an unread column would not be checked for its encoding).
    con.execute(f"select max(length(to_json(src))) from {source} src").fetchall()
    return con.sql(
        f"""
        select (line - {header_lines})::bigint as _row, any_value(csv_line) as record,
            'line ' || line || ': ' || string_agg(distinct error_message, '; ') as reason
        from reject_errors group by line order by line
        """
    ).pl()


def _record_numbers(count: int, start: int, skipped: np.ndarray) -> np.ndarray:
    """The file record numbers of the good rows start..start+count-1 (1-based, in order),
    given the sorted record numbers that were skipped as unreadable."""
    positions = np.arange(start, start + count, dtype=np.int64)
    if skipped.size == 0:
        return positions
    shifted = skipped - np.arange(skipped.size, dtype=np.int64)
    return positions + np.searchsorted(shifted, positions, side="right")


def _unreadable_batch(kind: RecordKind, lines: pl.DataFrame) -> pl.DataFrame:
    return lines.select(
        pl.col("_row"),
        *[pl.lit(None, dtype=pl.String).alias(name) for name in kind.columns],
        pl.col("record"),
        pl.concat_list(pl.col("reason")).alias("_reasons"),
    )


def read_canonical(
    path: Path, kind: RecordKind, batch_rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
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
        unreadable = pl.DataFrame(
            schema={"_row": pl.Int64, "record": pl.String, "reason": pl.String}
        )
        if fmt == "csv":
            query = _csv_query(path, kind, con)
            unreadable = _unreadable_lines(con, _csv_source(path), header_lines=1)
        elif fmt == "jsonl":
            query = _jsonl_query(path, kind)
            unreadable = _unreadable_lines(con, _jsonl_source(path), header_lines=0)
        else:
            query = _parquet_query(path, kind, con)
        skipped = unreadable["_row"].to_numpy()
        seen = 0
        for arrow_batch in con.sql(query).to_arrow_reader(batch_rows):
            frame = pl.from_arrow(arrow_batch)
            assert isinstance(frame, pl.DataFrame)
            numbers = _record_numbers(frame.height, seen + 1, skipped)
            seen += frame.height
            frame = frame.with_columns(pl.Series("_row", numbers)).select(
                "_row", pl.exclude("_row")
            )
            if fmt == "jsonl":
                frame = frame.filter(pl.col("record").str.strip_chars().str.len_chars() > 0)
            yield frame
        if unreadable.height:
            yield _unreadable_batch(kind, unreadable)
    except duckdb.Error as error:
        raise BadFile(path, _first_line(str(error))) from None
    finally:
        con.close()


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "could not be read"
