"""Turn a batch as received into typed canonical rows, split into valid and rejected."""

import pandera.polars as pa
import polars as pl

from schemas.records import RecordKind

ROW = "_row"
REASONS = "_reasons"
RECORD = "record"


class MissingColumns(ValueError):
    """The batch lacks columns every record of its kind needs."""

    def __init__(self, columns: list[str]):
        self.columns = columns
        super().__init__(f"missing column{'s' if len(columns) > 1 else ''}: {', '.join(columns)}")


def _as_text(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.String:
        return value
    return value.cast(pl.String)


def _instant_from_text(text: pl.Expr) -> pl.Expr:
    """ISO 8601 text with an offset (Z, +05, +0530, +05:30) as a UTC instant, seconds and
    fractions optional; null without an offset.

    The format is explicit: polars would otherwise infer it from the first value and could
    take a naive timestamp for UTC.
    """
    normal = (
        text.str.strip_chars()
        .str.replace(r"^(\d{4}-\d{2}-\d{2}) ", "${1}T")
        .str.replace(r"[Zz]$", "+00:00")
        .str.replace(r"([+-]\d{2})$", "${1}:00")
        .str.replace(r"T(\d{2}:\d{2})([+-])", "T${1}:00${2}")  # minutes without seconds
    )
    has_offset = normal.str.contains(r"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:?\d{2}$")
    return (
        pl.when(has_offset)
        .then(normal)
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%z", time_zone="UTC", strict=False)
        .dt.cast_time_unit("us")
    )


def _typed(name: str, source: pl.DataType, target: pl.DataType) -> tuple[pl.Expr, str]:
    """The expression that types one column, and the reason given when it cannot."""
    value = pl.col(name)
    if isinstance(target, pl.Datetime):
        if isinstance(source, pl.Datetime):
            if source.time_zone is None:
                return pl.lit(None, dtype=pl.Datetime("us", "UTC")), "has no time zone"
            return value.dt.convert_time_zone("UTC").dt.cast_time_unit("us"), "is not a timestamp"
        return (
            _instant_from_text(_as_text(value, source)),
            "is not a timestamp with a time zone (for example 2026-11-16T20:00:00-05:00)",
        )
    if target == pl.Int64:
        if source == pl.String:
            return value.str.strip_chars().cast(pl.Int64, strict=False), "is not a whole number"
        if source.is_float():
            whole = value.round(0) == value
            return (
                pl.when(whole).then(value.cast(pl.Int64, strict=False)),
                "is not a whole number",
            )
        return value.cast(pl.Int64, strict=False), "is not a whole number"
    if target == pl.Boolean:
        if source == pl.Boolean:
            return value, "is not true or false"
        word = _as_text(value, source).str.strip_chars().str.to_lowercase()
        return (
            pl.when(word.is_in(["true", "t", "1"]))
            .then(True)
            .when(word.is_in(["false", "f", "0"]))
            .then(False),
            "is not true or false",
        )
    if isinstance(target, pl.List):
        if isinstance(source, pl.List):
            return value.cast(pl.List(pl.String), strict=False), "is not a list of text"
        return pl.lit(None, dtype=pl.List(pl.String)), "is not a list of text"
    return _as_text(value, source), "is not text"


def prepare(kind: RecordKind, batch: pl.DataFrame) -> pl.DataFrame:
    """The batch with canonical column types; rows that failed a cast get reasons in `_reasons`.

    The reasons quote the value as received, which means writing every column as text: that
    is done for the few rows that failed only, not for the whole batch.
    """
    missing = [c for c in kind.required if c not in batch.columns]
    if missing:
        raise MissingColumns(missing)
    columns: list[pl.Expr] = []
    failures: list[pl.Expr] = []
    reasons: list[pl.Expr] = []
    for name, target in kind.columns.items():
        if name not in batch.columns:
            columns.append(pl.lit(None, dtype=target).alias(name))
            continue
        typed, reason = _typed(name, batch.schema[name], target)
        if name in ("author_handle", "handle"):
            typed = typed.str.strip_prefix("@")
        columns.append(typed.alias(name))
        failed = pl.col(name).is_not_null() & typed.is_null()
        failures.append(failed)
        shown = _as_text(pl.col(name), batch.schema[name]).str.slice(0, 60)
        reasons.append(pl.when(failed).then(pl.format("{}: '{}' " + reason, pl.lit(name), shown)))
    if ROW not in batch.columns:
        batch = batch.with_row_index(ROW, offset=1)
    if REASONS in batch.columns:
        reasons.insert(0, pl.col(REASONS).cast(pl.List(pl.String)))
    if RECORD not in batch.columns:
        # Frames built in code (a pull, the simulator) are kept as received: as JSON.
        received = [c for c in batch.columns if c not in (ROW, REASONS)]
        batch = batch.with_columns(pl.struct(received).struct.json_encode().alias(RECORD))
    flagged = batch.with_row_index(_POSITION).with_columns(
        (pl.any_horizontal(failures) if failures else pl.lit(False)).alias(_FAILED)
    )
    given = pl.col(REASONS).cast(pl.List(pl.String)) if REASONS in batch.columns else None
    clean = flagged.filter(~pl.col(_FAILED)).select(
        _POSITION,
        pl.col(ROW).cast(pl.Int64),
        *columns,
        RECORD,
        (given if given is not None else pl.lit([], dtype=pl.List(pl.String)))
        .list.drop_nulls()
        .alias(REASONS),
    )
    failed_rows = flagged.filter(pl.col(_FAILED)).select(
        _POSITION,
        pl.col(ROW).cast(pl.Int64),
        *columns,
        RECORD,
        pl.concat_list(reasons).list.drop_nulls().alias(REASONS),
    )
    return pl.concat([clean, failed_rows]).sort(_POSITION).drop(_POSITION)


_POSITION = "_position_in_batch"
_FAILED = "_cast_failed"


def _failure_reasons(cases: pl.DataFrame) -> pl.DataFrame:
    """One readable reason per pandera failure case: `field ('value') what is wrong`."""
    check = pl.col("check")
    words = (
        pl.when(check == "not_nullable")
        .then(pl.lit("is missing"))
        .when(check.str.starts_with("greater_than_or_equal_to"))
        .then(pl.lit("must not be negative"))
        .when(check.str.starts_with("str_matches"))
        .then(pl.lit("is not valid"))
        .when(check.str.starts_with("isin"))
        .then(pl.lit("is not one of ") + check.str.slice(5).str.strip_suffix(")"))
        .otherwise(check)
    )
    case = pl.col("failure_case").cast(pl.String)
    value = (
        pl.when(case.is_null() | (case == "null"))
        .then(pl.lit(""))
        .otherwise(pl.lit(" ('") + case.str.slice(0, 60) + pl.lit("')"))
    )
    reason = (
        pl.when(pl.col("schema_context") == "DataFrameSchema")
        .then(check)
        .otherwise(pl.col("column") + value + pl.lit(" ") + words)
    )
    return cases.select(
        pl.col("index").cast(pl.UInt32).alias("_position"),
        pl.col("column").cast(pl.String),
        reason.alias("_reason"),
    )


def split(kind: RecordKind, prepared: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Valid rows (canonical columns only) and rejected rows (`_row`, `_reasons`, `record`)."""
    canonical = list(kind.columns)
    kept = [ROW, REASONS] + ([RECORD] if RECORD in prepared.columns else [])
    reasons = prepared.select(kept).with_row_index("_position")
    try:
        kind.model.validate(prepared.select(canonical), lazy=True)
        failures = pl.DataFrame(
            schema={"_position": pl.UInt32, "column": pl.String, "_reason": pl.String}
        )
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases
        whole_column = cases.filter(pl.col("index").is_null())
        if whole_column.height:
            problems = whole_column.select(pl.format("{}: {}", "column", "check"))
            raise ValueError("; ".join(problems.to_series().to_list())) from None
        failures = _failure_reasons(cases)
    # A value that could not be read is null by now: its own reason says more than "is missing".
    unreadable = (
        reasons.select("_position", pl.col(REASONS).alias("_given"))
        .explode("_given")
        .select("_position", pl.col("_given").str.extract(r"^([a-z_]+):", 1).alias("column"))
        .drop_nulls()
    )
    failures = failures.join(unreadable, on=["_position", "column"], how="anti")
    # A record that could not be read at all (broken JSON) needs no field-by-field account.
    unreadable_records = reasons.filter(
        pl.col(REASONS).list.eval(~pl.element().str.contains(r"^[a-z_]+:")).list.any()
    ).select("_position")
    failures = failures.join(unreadable_records, on="_position", how="anti")
    extra = failures.group_by("_position").agg(pl.col("_reason").unique(maintain_order=True))
    merged = (
        reasons.join(extra, on="_position", how="left")
        .with_columns(
            pl.concat_list(
                REASONS, pl.col("_reason").fill_null(pl.lit([], pl.List(pl.String)))
            ).alias(REASONS)
        )
        .select("_position", *kept)
    )
    is_bad = merged[REASONS].list.len() > 0
    valid = prepared.filter(~is_bad).select(canonical)
    rejected = merged.filter(is_bad).select(kept)
    return valid, rejected
