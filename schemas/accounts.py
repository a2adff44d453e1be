"""The canonical account record."""

import pandera.polars as pa
import polars as pl

from schemas.types import Instant, plausible_instant


class Account(pa.DataFrameModel):
    """One account of a platform, unique on (platform, account_id)."""

    platform: str = pa.Field(
        str_matches=r"^[a-z][a-z0-9_-]*$", description="Platform of the account."
    )
    account_id: str = pa.Field(
        str_matches=r"^[^\s]+$", description="The platform's id of the account, as text."
    )
    handle: str = pa.Field(
        str_matches=r"^[^@\s][^\s]*$", description="The account's handle, without @."
    )
    display_name: str = pa.Field(nullable=True, description="The account's display name.")
    observed_at: Instant = pa.Field(
        nullable=True, description="When the handle and name were read (UTC instant)."
    )
    asks_not_to_be_indexed: bool = pa.Field(
        nullable=True,
        description="The account asks not to be indexed (Mastodon noindex, not discoverable or "
        "#nobot; Bluesky !no-unauthenticated or #nobot); NULL when the source does not say.",
    )

    @pa.check("observed_at", name="is not between 2006 and a day after loading")
    def plausible_time(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(plausible_instant(pl.col(data.key)))

    class Config:
        strict = "filter"
