"""The canonical post record."""

import pandera.polars as pa
import polars as pl

from schemas.types import FLOAT_LIKE_ID, Instant, TextList, plausible_instant

KINDS = ("original", "reply", "repost", "quote")


def _is_set(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) != "")


def _id_check(column: str) -> pl.Expr:
    return pl.col(column).is_null() | ~pl.col(column).str.contains(FLOAT_LIKE_ID)


class Post(pa.DataFrameModel):
    """One post of a social platform, unique on (platform, post_id)."""

    platform: str = pa.Field(
        str_matches=r"^[a-z][a-z0-9_-]*$",
        description="Platform the record comes from: x, mastodon, bluesky, demo, ...",
    )
    post_id: str = pa.Field(
        str_matches=r"^[^\s]+$", description="The platform's id of the post, as text."
    )
    author_id: str = pa.Field(
        str_matches=r"^[^\s]+$", description="The platform's account id of the author."
    )
    author_handle: str = pa.Field(
        str_matches=r"^[^@\s][^\s]*$",
        description="Handle of the author at the time of the post, without @.",
    )
    created_at: Instant = pa.Field(description="When the post was made (UTC instant).")
    text: str = pa.Field(description="Full text of the post; for a repost, the reposted text.")
    kind: str = pa.Field(isin=list(KINDS), description="original, reply, repost or quote.")
    reply_to_post_id: str = pa.Field(nullable=True, description="For a reply: the post it answers.")
    reply_to_account_id: str = pa.Field(
        nullable=True, description="For a reply: the author of the post it answers."
    )
    referenced_post_id: str = pa.Field(
        nullable=True, description="For a repost or quote: the reposted or quoted post."
    )
    referenced_account_id: str = pa.Field(
        nullable=True, description="For a repost or quote: the author of the referenced post."
    )
    mention_ids: TextList = pa.Field(  # type: ignore[valid-type] # pandera reads a dtype
        description="Account ids mentioned in the text (possibly empty)."
    )
    hashtags: TextList = pa.Field(  # type: ignore[valid-type]
        description="Hashtags without #, as written; for a repost, those of the reposted post."
    )
    urls: TextList = pa.Field(description="Expanded URLs in the post.")  # type: ignore[valid-type]
    like_count: pl.Int64 = pa.Field(ge=0, description="Likes, as of observed_at.")
    repost_count: pl.Int64 = pa.Field(ge=0, description="Reposts, as of observed_at.")
    reply_count: pl.Int64 = pa.Field(ge=0, description="Replies, as of observed_at.")
    quote_count: pl.Int64 = pa.Field(ge=0, description="Quotes, as of observed_at.")
    view_count: pl.Int64 = pa.Field(
        nullable=True,
        ge=0,
        description="Views the platform reports (X's public_metrics.impression_count), as of "
        "observed_at; NULL on networks that report none.",
    )
    observed_at: Instant = pa.Field(description="When the counts were read (UTC instant).")

    @pa.dataframe_check(error="ids must be text: this one was written as a float")
    def ids_are_not_floats(cls, data: pa.PolarsData) -> pl.LazyFrame:
        columns = (
            "post_id",
            "author_id",
            "reply_to_post_id",
            "reply_to_account_id",
            "referenced_post_id",
            "referenced_account_id",
        )
        return data.lazyframe.select(pl.all_horizontal([_id_check(c) for c in columns]))

    @pa.dataframe_check(error="a reply needs reply_to_post_id and reply_to_account_id")
    def reply_has_target(cls, data: pa.PolarsData) -> pl.LazyFrame:
        is_reply = pl.col("kind") == "reply"
        return data.lazyframe.select(
            ~is_reply | (_is_set("reply_to_post_id") & _is_set("reply_to_account_id"))
        )

    @pa.dataframe_check(error="only a reply has reply_to_post_id or reply_to_account_id")
    def only_reply_has_reply_fields(cls, data: pa.PolarsData) -> pl.LazyFrame:
        has_reply_fields = _is_set("reply_to_post_id") | _is_set("reply_to_account_id")
        return data.lazyframe.select((pl.col("kind") == "reply") | ~has_reply_fields)

    @pa.dataframe_check(
        error="a repost or quote needs referenced_post_id and referenced_account_id"
    )
    def reference_has_target(cls, data: pa.PolarsData) -> pl.LazyFrame:
        needs = pl.col("kind").is_in(["repost", "quote"])
        return data.lazyframe.select(
            ~needs | (_is_set("referenced_post_id") & _is_set("referenced_account_id"))
        )

    @pa.dataframe_check(error="an original post has no referenced_post_id or referenced_account_id")
    def original_has_no_reference(cls, data: pa.PolarsData) -> pl.LazyFrame:
        has_reference = _is_set("referenced_post_id") | _is_set("referenced_account_id")
        return data.lazyframe.select((pl.col("kind") != "original") | ~has_reference)

    @pa.dataframe_check(error="list elements must not be null")
    def lists_hold_no_nulls(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.all_horizontal(
                [
                    pl.col(c)
                    .list.eval(pl.element().is_null().any())
                    .list.first()
                    .fill_null(False)
                    .not_()
                    for c in ("mention_ids", "hashtags", "urls")
                ]
            )
        )

    @pa.check("created_at", "observed_at", name="is not between 2006 and a day after loading")
    def plausible_time(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(plausible_instant(pl.col(data.key)))

    class Config:
        strict = "filter"
