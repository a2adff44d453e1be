"""From working batches to canonical post rows: repost copies, platform counts, ids as text."""

import numpy as np
import polars as pl

from schemas.records import POST
from sources.demo.calendar import HOUR, MINUTE
from sources.demo.community import PLATFORM, Community

LIKE_WEIGHT = {
    "question": 3.0,
    "intro": 1.5,
    "teaser": 1.0,
    "sponsor": 1.0,
    "answer": 1.0,
    "quote": 0.8,
    "shoutout": 0.6,
    "afterthought": 0.5,
    "elsewhere": 0.4,
    "reply": 0.3,
    "duplicate": 0.1,
    "copied": 0.2,
    "burst": 0.05,
    "repost": 0.0,
}
"""How much a post of each role is liked, relative to an answer by the same author."""

COUNTS = ("like_count", "repost_count", "reply_count", "quote_count")


def canonical_posts(
    work: pl.DataFrame, people: Community, rng: np.random.Generator
) -> pl.DataFrame:
    """The canonical posts (POST columns, in order), sorted by creation."""
    return _as_canonical(_with_counts(_copy_reposted(work), people, rng), people)


def _copy_reposted(work: pl.DataFrame) -> pl.DataFrame:
    """Reposts take the text, tags, links, mentions and author of the post they repost."""
    copied = ["text", "hashtags", "urls", "mentions"]
    is_repost = pl.col("kind") == "repost"
    sources = work.filter(~is_repost).select(
        pl.col("post_id").alias("ref_post"), *copied, pl.col("author").alias("ref")
    )
    reposts = (
        work.filter(is_repost)
        .drop(*copied, "ref")
        .join(sources, on="ref_post", how="left", validate="m:1")
    )
    return pl.concat([work.filter(~is_repost), reposts.select(work.columns)])


def _with_counts(work: pl.DataFrame, people: Community, rng: np.random.Generator) -> pl.DataFrame:
    """Likes by the author's audience and the post's role; replies, reposts and quotes as seen
    in the data plus a few from outside it; views (not for reposts) from the author's followers
    and the likes; counts read some minutes to hours after posting."""
    n = work.height
    followers = people.followers[work["author"].to_numpy()]
    weight = work["role"].replace_strict(LIKE_WEIGHT, return_dtype=pl.Float64).to_numpy()
    expected = (0.3 + 0.04 * np.sqrt(followers)) * weight * rng.lognormal(0, 0.5, n)
    received = [
        _received(work, kind, key, name)
        for kind, key, name in (
            ("reply", "reply_to_post", "reply_count"),
            ("repost", "ref_post", "repost_count"),
            ("quote", "ref_post", "quote_count"),
        )
    ]
    for frame in received:
        work = work.join(frame, on="post_id", how="left")
    unseen = {"reply_count": 0.05, "repost_count": 0.1, "quote_count": 0.01}
    # Views as X reports them: a share of the author's followers, and more for liked posts.
    views = rng.poisson(0.08 * followers * rng.lognormal(0, 0.6, n) + 12 * expected)
    return work.with_columns(
        view_count=pl.when(pl.col("kind") != "repost").then(
            pl.Series(values=views, dtype=pl.Int64)
        ),
        like_count=pl.Series(values=rng.poisson(expected), dtype=pl.Int64),
        **{
            name: pl.col(name).fill_null(0)
            + pl.Series(values=rng.poisson(share * expected), dtype=pl.Int64)
            for name, share in unseen.items()
        },
        observed_us=pl.col("created_us") + rng.integers(10 * MINUTE, 20 * HOUR, n),
    )


def _received(work: pl.DataFrame, kind: str, key: str, name: str) -> pl.DataFrame:
    """How many posts of a kind point at each post."""
    return (
        work.filter(pl.col("kind") == kind)
        .group_by(key)
        .agg(pl.len().cast(pl.Int64).alias(name))
        .rename({key: "post_id"})
    )


def _as_canonical(work: pl.DataFrame, people: Community) -> pl.DataFrame:
    """Account indices as ids and handles, instants as UTC timestamps, ids as text."""
    index = pl.Series(values=np.arange(len(people.ids)), dtype=pl.Int32)
    ids = pl.Series(values=people.ids, dtype=pl.String)
    handles = pl.Series(values=people.handles, dtype=pl.String)

    def account(column: str) -> pl.Expr:
        return pl.col(column).replace_strict(index, ids, default=None)

    def instant(column: str) -> pl.Expr:
        return pl.col(column).cast(pl.Datetime("us", "UTC"))

    return (
        work.select(
            *COUNTS,
            "view_count",  # a repost has none of its own: nothing points at it and its weight is 0
            platform=pl.lit(PLATFORM),
            post_id=pl.col("post_id").cast(pl.String),
            author_id=account("author"),
            author_handle=pl.col("author").replace_strict(index, handles),
            created_at=instant("created_us"),
            text=pl.col("text"),
            kind=pl.col("kind"),
            reply_to_post_id=pl.col("reply_to_post").cast(pl.String),
            reply_to_account_id=account("reply_to"),
            referenced_post_id=pl.col("ref_post").cast(pl.String),
            referenced_account_id=account("ref"),
            mention_ids=pl.col("mentions").list.eval(pl.element().replace_strict(index, ids)),
            hashtags=pl.col("hashtags"),
            urls=pl.col("urls"),
            observed_at=instant("observed_us"),
        )
        .select(list(POST.columns))
        .cast(POST.columns)
        .sort("created_at", "post_id")
    )
