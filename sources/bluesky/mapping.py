"""Bluesky posts and profiles as canonical frames.

Mapping (`map_posts`, per page, in polars):
- post_id = the post's at:// URI; author_id = the author's DID; author_handle = its handle.
- created_at = record.createdAt (set by the client), else indexedAt when that is unreadable.
- reply: record.reply.parent.uri → reply_to_post_id; reply_to_account_id = the DID in it.
- quote: record.embed app.bsky.embed.record (or recordWithMedia) pointing at a post →
  referenced_post_id = its URI, referenced_account_id = the DID in it; a reply that quotes
  is a reply keeping the quoted post. Embedded feeds, lists or starter packs are not quotes.
- hashtags: the facets' #tag features plus record.tags (tags not shown in the text), as
  written, distinct; mention_ids: the facets' #mention DIDs; urls: the facets' #link URIs
  plus the external link card (embed app.bsky.embed.external) when there is one.
  A "#word" in the text without a tag facet is not a hashtag on Bluesky (not linked, not
  found by tag search), so it is not read as one.
- counts: likeCount, repostCount, replyCount, quoteCount (0 when absent, as before quotes).
- accounts: the authors (DID, handle, displayName). Search results carry no follower
  counts, so snapshots come from `get_profiles` (followersCount, followsCount, postsCount).
- asks_not_to_be_indexed: true when the profile's `labels` hold `!no-unauthenticated` (the
  "discourage apps from showing my account to logged-out users" setting) or its description
  holds the hashtag #nobot (any case, as a whole tag); false for a full profile view
  (getProfiles) that says neither; null for a post's author view without that label, as it
  has no description (the warehouse keeps the value a profile view gave).
Not mapped: quoted or parent posts as posts of their own, images, video, other labels, langs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.pages import (
    NO_TEXT,
    NOBOT,
    canonical,
    empty_posts,
    empty_snapshots,
    object_frame,
    utc,
)

SOURCE = "bluesky"
PLATFORM = "bluesky"


POST_COLLECTION = "app.bsky.feed.post"
_DID_OF_URI = r"^at://([^/]+)/"
_POST_URI = r"^at://[^/]+/app\.bsky\.feed\.post/"

_S = pl.Struct
_REF = _S({"uri": pl.String})
_LABELS = pl.List(_S({"val": pl.String, "neg": pl.Boolean}))
AUTHOR_STRUCT = _S(
    {"did": pl.String, "handle": pl.String, "displayName": pl.String, "labels": _LABELS}
)
POST_SCHEMA: dict[str, Any] = {
    "uri": pl.String,
    "author": AUTHOR_STRUCT,
    "record": _S(
        {
            "text": pl.String,
            "createdAt": pl.String,
            "reply": _S({"parent": _REF, "root": _REF}),
            "embed": _S(
                {
                    "$type": pl.String,
                    "record": _S({"uri": pl.String, "record": _REF}),
                    "external": _REF,
                    "media": _S({"$type": pl.String, "external": _REF}),
                }
            ),
            "facets": pl.List(
                _S(
                    {
                        "features": pl.List(
                            _S(
                                {
                                    "$type": pl.String,
                                    "tag": pl.String,
                                    "did": pl.String,
                                    "uri": pl.String,
                                }
                            )
                        ),
                    }
                )
            ),
            "tags": pl.List(pl.String),
        }
    ),
    "likeCount": pl.Int64,
    "repostCount": pl.Int64,
    "replyCount": pl.Int64,
    "quoteCount": pl.Int64,
    "indexedAt": pl.String,
}
PROFILE_SCHEMA: dict[str, Any] = {
    "did": pl.String,
    "handle": pl.String,
    "displayName": pl.String,
    "followersCount": pl.Int64,
    "followsCount": pl.Int64,
    "postsCount": pl.Int64,
    "labels": _LABELS,
    "description": pl.String,
}
NO_UNAUTHENTICATED = "!no-unauthenticated"
"""The self-label of "discourage apps from showing my account to logged-out users"."""


def _did_of(uri: pl.Expr) -> pl.Expr:
    return uri.str.extract(_DID_OF_URI, 1)


def _features(posts: pl.DataFrame) -> pl.DataFrame:
    """One row per facet feature: `_i`, `type`, `tag`, `did`, `uri`."""
    return (
        posts.select("_i", pl.col("record").struct.field("facets").alias("_f"))
        .explode("_f")
        .filter(pl.col("_f").is_not_null())
        .select("_i", pl.col("_f").struct.field("features").alias("_x"))
        .explode("_x")
        .filter(pl.col("_x").is_not_null())
        .select(
            "_i",
            pl.col("_x").struct.field("$type").alias("type"),
            pl.col("_x").struct.field("tag").alias("tag"),
            pl.col("_x").struct.field("did").alias("did"),
            pl.col("_x").struct.field("uri").alias("uri"),
        )
    )


def _per_post(features: pl.DataFrame, feature: str, field: str, name: str) -> pl.DataFrame:
    return (
        features.filter(
            (pl.col("type") == f"app.bsky.richtext.facet#{feature}") & pl.col(field).is_not_null()
        )
        .group_by("_i")
        .agg(pl.col(field).alias(name))
    )


def _asks_not_to_be_indexed() -> pl.Expr:
    """True for the !no-unauthenticated label (not negated) or #nobot in the description;
    False for a full profile view (it has the labels and the counts) that says neither; null
    otherwise: a post's author view carries no description, so it cannot say False."""
    labelled = (
        pl.col("labels")
        .list.eval(
            (pl.element().struct.field("val") == NO_UNAUTHENTICATED)
            & ~pl.element().struct.field("neg").fill_null(False)
        )
        .list.any()
        .fill_null(False)
    )
    nobot = pl.col("description").str.contains(NOBOT).fill_null(False)
    full_view = pl.col("labels").is_not_null() & (
        pl.col("followersCount").is_not_null() | pl.col("description").is_not_null()
    )
    return pl.when(labelled | nobot).then(True).when(full_view).then(False).otherwise(None)


def map_profiles(profiles: Any, received_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical accounts and snapshots of profile views (snapshots only with counts).

    `profiles` is a list of profile objects or a frame with (some of) PROFILE_SCHEMA's columns.
    """
    if isinstance(profiles, pl.DataFrame):
        frame = profiles.select(
            pl.col(name).cast(dtype)
            if name in profiles.columns
            else pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in PROFILE_SCHEMA.items()
        )
    else:
        frame = object_frame(profiles, PROFILE_SCHEMA, "profiles")
    at = utc(received_at)
    frame = frame.filter(pl.col("did").is_not_null()).unique(
        "did", keep="first", maintain_order=True
    )
    accounts = frame.select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("did").alias("account_id"),
        pl.col("handle").alias("handle"),
        pl.col("displayName").replace("", None).alias("display_name"),
        pl.lit(at).alias("observed_at"),
        _asks_not_to_be_indexed().alias("asks_not_to_be_indexed"),
    )
    snapshots = frame.filter(pl.col("followersCount").is_not_null()).select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("did").alias("account_id"),
        pl.lit(at).alias("captured_at"),
        pl.col("followersCount").alias("followers_count"),
        pl.col("followsCount").alias("following_count"),
        pl.col("postsCount").alias("posts_count"),
    )
    return canonical(ACCOUNT, accounts), canonical(SNAPSHOT, snapshots)


def map_posts(posts: Any, received_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Canonical (posts, accounts, snapshots) of a list of Bluesky post views.

    Raises ValueError when `posts` is not a list of objects.
    """
    frame = object_frame(posts, POST_SCHEMA, "posts")
    at = utc(received_at)
    accounts, _ = map_profiles(frame.select(pl.col("author")).unnest("author"), at)
    if frame.height == 0:
        return empty_posts(), accounts, empty_snapshots()
    frame = frame.with_row_index("_i")
    features = _features(frame)
    record = pl.col("record")
    embed = record.struct.field("embed")
    embed_type = embed.struct.field("$type")
    embedded = (
        pl.when(embed_type == "app.bsky.embed.record")
        .then(embed.struct.field("record").struct.field("uri"))
        .when(embed_type == "app.bsky.embed.recordWithMedia")
        .then(embed.struct.field("record").struct.field("record").struct.field("uri"))
    )
    card = (
        pl.when(embed_type == "app.bsky.embed.external")
        .then(embed.struct.field("external").struct.field("uri"))
        .when(embed_type == "app.bsky.embed.recordWithMedia")
        .then(embed.struct.field("media").struct.field("external").struct.field("uri"))
    )
    parent = record.struct.field("reply").struct.field("parent").struct.field("uri")
    frame = (
        frame.with_columns(
            pl.when(embedded.str.contains(_POST_URI)).then(embedded).alias("_quoted"),
            parent.alias("_parent"),
            card.alias("_card"),
        )
        .join(_per_post(features, "tag", "tag", "_facet_tags"), on="_i", how="left")
        .join(_per_post(features, "mention", "did", "_mentions"), on="_i", how="left")
        .join(_per_post(features, "link", "uri", "_links"), on="_i", how="left")
        .sort("_i")
    )
    kind = (
        pl.when(pl.col("_parent").is_not_null())
        .then(pl.lit("reply"))
        .when(pl.col("_quoted").is_not_null())
        .then(pl.lit("quote"))
        .otherwise(pl.lit("original"))
    )
    created = pl.coalesce(
        record.struct.field("createdAt").str.to_datetime(time_zone="UTC", strict=False),
        pl.col("indexedAt").str.to_datetime(time_zone="UTC", strict=False),
    )
    author = pl.col("author")
    rows = frame.with_columns(kind.alias("kind")).select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("uri").alias("post_id"),
        author.struct.field("did").alias("author_id"),
        author.struct.field("handle").alias("author_handle"),
        created.alias("created_at"),
        record.struct.field("text").alias("text"),
        "kind",
        pl.when(pl.col("kind") == "reply").then(pl.col("_parent")).alias("reply_to_post_id"),
        pl.when(pl.col("kind") == "reply")
        .then(_did_of(pl.col("_parent")))
        .alias("reply_to_account_id"),
        pl.col("_quoted").alias("referenced_post_id"),
        _did_of(pl.col("_quoted")).alias("referenced_account_id"),
        pl.col("_mentions")
        .list.unique(maintain_order=True)
        .fill_null(NO_TEXT)
        .alias("mention_ids"),
        pl.concat_list(
            pl.col("_facet_tags").fill_null(NO_TEXT),
            record.struct.field("tags").list.drop_nulls().fill_null(NO_TEXT),
        )
        .list.unique(maintain_order=True)
        .alias("hashtags"),
        pl.concat_list(
            pl.col("_links").fill_null(NO_TEXT), pl.concat_list(pl.col("_card")).list.drop_nulls()
        )
        .list.unique(maintain_order=True)
        .alias("urls"),
        pl.col("likeCount").alias("like_count"),
        pl.col("repostCount").alias("repost_count"),
        pl.col("replyCount").alias("reply_count"),
        pl.col("quoteCount").fill_null(0).alias("quote_count"),
        pl.lit(at).alias("observed_at"),
    )
    return canonical(POST, rows), accounts, empty_snapshots()
