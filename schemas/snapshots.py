"""The canonical follower snapshot record."""

import pandera.polars as pa
import polars as pl

from schemas.types import Instant, plausible_instant


class FollowerSnapshot(pa.DataFrameModel):
    """Follower count of an account at an instant, unique on (platform, account_id, captured_at)."""

    platform: str = pa.Field(
        str_matches=r"^[a-z][a-z0-9_-]*$", description="Platform of the account."
    )
    account_id: str = pa.Field(
        str_matches=r"^[^\s]+$", description="The platform's id of the account, as text."
    )
    captured_at: Instant = pa.Field(description="When the counts were read (UTC instant).")
    followers_count: pl.Int64 = pa.Field(ge=0, description="Followers at captured_at.")
    following_count: pl.Int64 = pa.Field(
        ge=0, nullable=True, description="Accounts it followed at captured_at."
    )
    posts_count: pl.Int64 = pa.Field(
        ge=0, nullable=True, description="Posts it had made by captured_at."
    )

    @pa.check("captured_at", name="is not between 2006 and a day after loading")
    def plausible_time(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(plausible_instant(pl.col(data.key)))

    class Config:
        strict = "filter"
