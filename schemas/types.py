"""Column types shared by the canonical models."""

from typing import Annotated

import polars as pl

Instant = Annotated[pl.Datetime, "us", "UTC"]
"""A time-zone-aware instant, held in UTC."""

TextList = pl.List(pl.String)

ID_PATTERN = r"^[^\s]+$"
"""Ids are text without white space; they are never numbers."""

FLOAT_LIKE_ID = r"^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$"
"""An id written as a float (1.46e+18) has lost its digits."""
