"""X API v2 pages as canonical frames (shared with the twarc2 reader, which holds the same pages).

Mapping (all per page, in polars):
- kind: `retweeted` → repost; `replied_to` → reply (also when it quotes: it keeps the quoted
  tweet in referenced_*); `quoted` → quote; else original.
- reply_to_post_id from referenced_tweets; reply_to_account_id = in_reply_to_user_id, else the
  author of the replied-to tweet in includes.tweets. A tweet with in_reply_to_user_id but no
  replied_to reference (its parent is gone) cannot name its target post: it is an original.
- repost: text, hashtags, urls and mentions come from the retweeted tweet in includes.tweets
  (the retweet's own text is cut: "RT @x: …"); when that tweet is missing (deleted, or the
  page was trimmed) the retweet's own entities are used and its author is the user of the
  first mention ("RT @x"), resolved by username through includes.users.
- referenced_account_id = author of the referenced tweet in includes.tweets or in the page's
  own data (see above for retweets); a quote whose quoted tweet is in neither keeps it null
  and is rejected by validation ("a repost or quote needs …"), which is the truth: its
  target is unknown.
- mention_ids: entities.mentions ids, else the username looked up in includes.users
  (case-insensitively); a username not found there (suspended users) is dropped.
- text: X's text with its escaping undone (&amp; &lt; &gt; → & < >).
- hashtags: entities.hashtags tags as written, distinct; urls: entities.urls expanded_url
  (else url), without media links (a media_key, or …/status/ID/photo|video/N) and without
  the link to the tweet it quotes or retweets (the quote mechanism, not a shared link).
- counts: public_metrics like/retweet(→repost)/reply/quote, and impression_count (X's views,
  when the response has it) → view_count; observed_at = received_at;
  author_handle = includes.users username.
- includes.users → accounts (observed_at = received_at) and snapshots (followers, following,
  tweet_count → posts_count) when public_metrics is present.
Not mapped: includes.tweets themselves are not emitted as posts (only `data` is what the
search matched), media, polls, places, context annotations, edit history.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import polars as pl

from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.pages import (
    NO_TEXT,
    canonical,
    empty_posts,
    object_frame,
    utc,
)

SOURCE = "x"
PLATFORM = "x"


_S = pl.Struct
TWEET_SCHEMA: dict[str, Any] = {
    "id": pl.String,
    "text": pl.String,
    "created_at": pl.String,
    "author_id": pl.String,
    "in_reply_to_user_id": pl.String,
    "referenced_tweets": pl.List(_S({"type": pl.String, "id": pl.String})),
    "entities": _S(
        {
            "hashtags": pl.List(_S({"tag": pl.String})),
            "mentions": pl.List(_S({"username": pl.String, "id": pl.String})),
            "urls": pl.List(
                _S({"url": pl.String, "expanded_url": pl.String, "media_key": pl.String})
            ),
        }
    ),
    "public_metrics": _S(
        {
            "like_count": pl.Int64,
            "retweet_count": pl.Int64,
            "reply_count": pl.Int64,
            "quote_count": pl.Int64,
            "impression_count": pl.Int64,
        }
    ),
}
USER_SCHEMA: dict[str, Any] = {
    "id": pl.String,
    "username": pl.String,
    "name": pl.String,
    "public_metrics": _S(
        {"followers_count": pl.Int64, "following_count": pl.Int64, "tweet_count": pl.Int64}
    ),
}
_STATUS_LINK = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[^/?#]+/status(?:es)?/(\d+)"
_MEDIA_LINK = _STATUS_LINK + r"/(?:photo|video)/\d+"


def _ref_id(kind: str) -> pl.Expr:
    return (
        pl.col("referenced_tweets")
        .list.filter(pl.element().struct.field("type") == kind)
        .list.first()
        .struct.field("id")
    )


def _resolve_mentions(tweets: pl.DataFrame, users: pl.DataFrame) -> pl.DataFrame:
    """Per tweet row `_i`: `mention_ids` (distinct, in order) and `_first_mention` (the id of
    the first mention, null when it cannot be resolved)."""
    by_name = users.select(
        pl.col("username").str.to_lowercase().alias("_name"), pl.col("id").alias("_user_id")
    ).unique("_name", keep="first")
    mentions = (
        tweets.select("_i", pl.col("_entities").struct.field("mentions").alias("_m"))
        .explode("_m")
        .filter(pl.col("_m").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_i").alias("_position"))
        .select(
            "_i",
            "_position",
            pl.col("_m").struct.field("id").alias("_id"),
            pl.col("_m").struct.field("username").str.to_lowercase().alias("_name"),
        )
        .join(by_name, on="_name", how="left")
        .with_columns(pl.coalesce("_id", "_user_id").alias("_id"))
        .sort("_i", "_position")
    )
    return mentions.group_by("_i").agg(
        pl.col("_id").drop_nulls().unique(maintain_order=True).alias("mention_ids"),
        pl.col("_id").filter(pl.col("_position") == 0).first().alias("_first_mention"),
    )


def _urls(tweets: pl.DataFrame) -> pl.DataFrame:
    """Per tweet row `_i`: expanded URLs without media links or the referenced tweet's link."""
    urls = (
        tweets.select("_i", "_ref", pl.col("_entities").struct.field("urls").alias("_u"))
        .explode("_u")
        .filter(pl.col("_u").is_not_null() & pl.col("_u").struct.field("media_key").is_null())
        .with_columns(
            pl.coalesce(
                pl.col("_u").struct.field("expanded_url"), pl.col("_u").struct.field("url")
            ).alias("_url")
        )
        .filter(pl.col("_url").is_not_null() & ~pl.col("_url").str.contains(_MEDIA_LINK))
        .filter(
            pl.col("_ref").is_null()
            | (pl.col("_url").str.extract(_STATUS_LINK, 1) != pl.col("_ref")).fill_null(True)
        )
    )
    return urls.group_by("_i").agg(pl.col("_url").unique(maintain_order=True).alias("urls"))


def map_x_users(
    users: pl.DataFrame | Any, received_at: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Accounts and snapshots from X user objects (a list of dicts or a USER_SCHEMA frame)."""
    if not isinstance(users, pl.DataFrame):
        users = object_frame(users, USER_SCHEMA, "users", lenient=True)
    at = utc(received_at)
    users = users.filter(pl.col("id").is_not_null()).unique("id", keep="first", maintain_order=True)
    accounts = users.select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("id").alias("account_id"),
        pl.col("username").alias("handle"),
        pl.col("name").alias("display_name"),
        pl.lit(at).alias("observed_at"),
    )
    metrics = pl.col("public_metrics")
    snapshots = users.filter(metrics.struct.field("followers_count").is_not_null()).select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("id").alias("account_id"),
        pl.lit(at).alias("captured_at"),
        metrics.struct.field("followers_count").alias("followers_count"),
        metrics.struct.field("following_count").alias("following_count"),
        metrics.struct.field("tweet_count").alias("posts_count"),
    )
    return canonical(ACCOUNT, accounts), canonical(SNAPSHOT, snapshots)


def map_x_page(
    payload: dict[str, Any], received_at: datetime
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Canonical (posts, accounts, snapshots) of one X API v2 tweets page.

    `payload` is the parsed response: `data` (a list of tweets, or one tweet object),
    `includes.users`, `includes.tweets`. Raises ValueError when those are not lists of objects.
    """
    if not isinstance(payload, dict):
        raise ValueError("the page is not a JSON object")
    includes = payload.get("includes") or {}
    if not isinstance(includes, dict):
        raise ValueError("includes is not an object")
    at = utc(received_at)
    tweets = object_frame(payload.get("data"), TWEET_SCHEMA, "data", lenient=True)
    refs = object_frame(includes.get("tweets"), TWEET_SCHEMA, "includes.tweets", lenient=True)
    users = object_frame(includes.get("users"), USER_SCHEMA, "includes.users", lenient=True)
    accounts, snapshots = map_x_users(users, at)
    if tweets.height == 0:
        return empty_posts(), accounts, snapshots

    # a referenced tweet may be in includes.tweets or in the page's own data
    refs = (
        pl.concat([refs, tweets])
        .filter(pl.col("id").is_not_null())
        .unique("id", keep="first", maintain_order=True)
    )
    handles = users.select(
        pl.col("id").alias("author_id"), pl.col("username").alias("author_handle")
    ).unique("author_id", keep="first")
    tweets = (
        tweets.with_row_index("_i")
        .with_columns(
            _ref_id("replied_to").alias("_replied"),
            _ref_id("retweeted").alias("_retweeted"),
            _ref_id("quoted").alias("_quoted"),
        )
        .with_columns(pl.coalesce("_retweeted", "_quoted").alias("_ref"))
        .join(
            refs.select(
                pl.col("id").alias("_ref"),
                pl.col("author_id").alias("_ref_author"),
                pl.col("text").alias("_ref_text"),
                pl.col("entities").alias("_ref_entities"),
            ),
            on="_ref",
            how="left",
        )
        .join(
            refs.select(
                pl.col("id").alias("_replied"), pl.col("author_id").alias("_replied_author")
            ),
            on="_replied",
            how="left",
        )
        .join(handles, on="author_id", how="left")
    )
    is_repost = pl.col("_retweeted").is_not_null()
    original_found = is_repost & pl.col("_ref_text").is_not_null()
    tweets = tweets.with_columns(
        pl.when(is_repost)
        .then(pl.lit("repost"))
        .when(pl.col("_replied").is_not_null())
        .then(pl.lit("reply"))
        .when(pl.col("_quoted").is_not_null())
        .then(pl.lit("quote"))
        .otherwise(pl.lit("original"))
        .alias("kind"),
        pl.when(original_found).then(pl.col("_ref_text")).otherwise(pl.col("text")).alias("_text"),
        pl.when(original_found)
        .then(pl.col("_ref_entities"))
        .otherwise(pl.col("entities"))
        .alias("_entities"),
    )
    mentions = _resolve_mentions(tweets, users)
    urls = _urls(tweets)
    tweets = tweets.join(mentions, on="_i", how="left").join(urls, on="_i", how="left").sort("_i")
    kind = pl.col("kind")
    metrics = pl.col("public_metrics")
    posts = tweets.select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("id").alias("post_id"),
        "author_id",
        "author_handle",
        pl.col("created_at").str.to_datetime(time_zone="UTC", strict=False).alias("created_at"),
        # X escapes exactly these three in text
        pl.col("_text")
        .str.replace_all("&lt;", "<", literal=True)
        .str.replace_all("&gt;", ">", literal=True)
        .str.replace_all("&amp;", "&", literal=True)
        .alias("text"),
        kind,
        pl.when(kind == "reply").then(pl.col("_replied")).alias("reply_to_post_id"),
        pl.when(kind == "reply")
        .then(pl.coalesce("in_reply_to_user_id", "_replied_author"))
        .alias("reply_to_account_id"),
        pl.when(kind != "original").then(pl.col("_ref")).alias("referenced_post_id"),
        pl.when(kind != "original")
        .then(
            pl.coalesce(
                "_ref_author",
                pl.when(is_repost & ~original_found).then(pl.col("_first_mention")),
            )
        )
        .alias("referenced_account_id"),
        pl.col("mention_ids").fill_null(NO_TEXT),
        pl.col("_entities")
        .struct.field("hashtags")
        .list.eval(pl.element().struct.field("tag"))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .fill_null(NO_TEXT)
        .alias("hashtags"),
        pl.col("urls").fill_null(NO_TEXT),
        metrics.struct.field("like_count").alias("like_count"),
        metrics.struct.field("retweet_count").alias("repost_count"),
        metrics.struct.field("reply_count").alias("reply_count"),
        metrics.struct.field("quote_count").alias("quote_count"),
        metrics.struct.field("impression_count").alias("view_count"),
        pl.lit(at).alias("observed_at"),
    )
    return canonical(POST, posts), accounts, snapshots


def partial_errors(payload: Any) -> str | None:
    """A one-line summary of the `errors` array X puts in a 200 response, if any."""
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if not errors or not isinstance(errors, list):
        return None
    counts = Counter(
        f"{error.get('title', 'error')} ({error.get('resource_type', '?')})"
        if isinstance(error, dict)
        else "error"
        for error in errors
    )
    return ", ".join(f"{what} ×{n}" for what, n in sorted(counts.items()))
