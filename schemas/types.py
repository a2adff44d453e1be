"""Column types shared by the canonical models."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

import polars as pl

Instant = Annotated[pl.Datetime, "us", "UTC"]
"""A time-zone-aware instant, held in UTC."""

TextList = pl.List(pl.String)

ID_PATTERN = r"^[^\s]+$"
"""Ids are text without white space; they are never numbers."""

FLOAT_LIKE_ID = r"^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$"
"""An id written as a float (1.46e+18) has lost its digits."""


EARLIEST = datetime(2006, 1, 1, tzinfo=UTC)
"""No social post, account or follower count we read predates 2006."""

FUTURE_TOLERANCE = timedelta(days=1)
"""How far past the moment of loading a timestamp may lie (clocks disagree a little)."""


def plausible_instant(column: pl.Expr) -> pl.Expr:
    """True where the instant is null or lies between 2006 and a day after now."""
    latest = datetime.now(UTC) + FUTURE_TOLERANCE
    return column.is_null() | column.is_between(EARLIEST, latest)
