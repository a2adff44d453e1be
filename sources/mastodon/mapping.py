"""Mastodon statuses and accounts as canonical frames.

Mapping (`map_statuses`, per page, in polars; the HTML is parsed per status):
- ids are the instance's ids as seen from `base_url` (Mastodon ids are local to a server).
- reblog → repost: text, hashtags, mentions and links come from the reblogged status;
  referenced_* = the reblogged status and its account. Its counts are the reblog's own.
- in_reply_to_id / in_reply_to_account_id → reply.
- `quote` (Mastodon 4.4+: {state, quoted_status}; only state "accepted" with the quoted
  status present; the older `quote` = a status of some forks too) → quote; a reply that
  also quotes is a reply keeping the quoted status in referenced_*.
- text: HTML → plain text (`sources.text`: tags stripped, entities unescaped, <br> and
  paragraph ends → line breaks, the "RE: …" quote fallback dropped); the content warning
  (spoiler_text) is not part of the text.
- hashtags: the status's `tags`, spelled as written in the HTML when it is there (the API
  lower-cases some names); mention_ids: `mentions` ids; urls: the links of the HTML that
  are neither mentions nor hashtags.
- counts: favourites → like, reblogs → repost, replies → reply, quotes → quote (0 when the
  server predates quotes and sends no quotes_count).
- handles are always `user@domain`: `acct` when remote, else `username@` the host of the
  account's URL (so `someone` on mastodon.social is `someone@mastodon.social`, matching
  `[privacy] opt_out = ["mastodon:someone@example.social"]`).
- accounts and snapshots (followers, following, statuses → posts_count) from the status's,
  the reblogged and the quoted status's account objects; accounts named only in mentions
  get an account row without display name and without observed_at (so they never replace
  a fuller record) and no snapshot.
- asks_not_to_be_indexed: true when the account object has `noindex` true (sent for the
  server's own accounts), `discoverable` false, or the hashtag #nobot (any case, as a whole
  tag) in its bio (`note`, HTML); false when it has any of these fields and none says so;
  null when it has none (mention objects). `indexable` (opting in to full-text search of
  posts) is not read: it is off by default and says nothing about being named.
Not mapped: reblogged/quoted statuses as posts of their own, media, polls, cards, edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl

from config.chat import text_key
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.pages import (
    NO_TEXT,
    NOBOT,
    canonical,
    empty_posts,
    utc,
)
from sources.text import parse_status_html

SOURCE = "mastodon"
PLATFORM = "mastodon"


_S = pl.Struct
ACCOUNT_STRUCT = _S(
    {
        "id": pl.String,
        "username": pl.String,
        "acct": pl.String,
        "display_name": pl.String,
        "url": pl.String,
        "followers_count": pl.Int64,
        "following_count": pl.Int64,
        "statuses_count": pl.Int64,
        "note": pl.String,
        "noindex": pl.Boolean,
        "discoverable": pl.Boolean,
    }
)
_STATUS_FIELDS: dict[str, Any] = {
    "id": pl.String,
    "created_at": pl.String,
    "in_reply_to_id": pl.String,
    "in_reply_to_account_id": pl.String,
    "content": pl.String,
    "replies_count": pl.Int64,
    "reblogs_count": pl.Int64,
    "favourites_count": pl.Int64,
    "quotes_count": pl.Int64,
    "account": ACCOUNT_STRUCT,
    "mentions": pl.List(
        _S({"id": pl.String, "username": pl.String, "acct": pl.String, "url": pl.String})
    ),
    "tags": pl.List(_S({"name": pl.String})),
}
QUOTE_STRUCT = _S(
    {
        "state": pl.String,
        "quoted_status": _S({"id": pl.String, "account": ACCOUNT_STRUCT}),
        # forks that put the quoted status itself under `quote`
        "id": pl.String,
        "account": ACCOUNT_STRUCT,
    }
)
STATUS_SCHEMA: dict[str, Any] = {
    **_STATUS_FIELDS,
    "quote": QUOTE_STRUCT,
    "reblog": _S({**_STATUS_FIELDS}),
}


def _host(url: pl.Expr) -> pl.Expr:
    return url.str.extract(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)", 1)


def _handle(acct: pl.Expr, url: pl.Expr, username: pl.Expr, instance: str | None) -> pl.Expr:
    """`user@domain` from an account (or mention) object."""
    local = pl.coalesce(acct, username)
    domain = pl.coalesce(_host(url), pl.lit(instance or None, dtype=pl.String))
    return (
        pl.when(local.str.contains("@"))
        .then(local)
        .when(domain.is_not_null())
        .then(local + pl.lit("@") + domain)
        .otherwise(local)
    )


def _asks_not_to_be_indexed(rows: pl.DataFrame) -> pl.Expr:
    """True for noindex, discoverable false or #nobot in the bio; False when the account
    object has any of them and none says so; null when it has none (a mention object)."""
    bios = pl.Series(
        [
            parse_status_html(note).text if note is not None else None
            for note in rows["note"].to_list()
        ],
        dtype=pl.String,
    )
    asks = (
        (pl.col("noindex") == True).fill_null(False)  # noqa: E712 - null stays unknown
        | (pl.col("discoverable") == False).fill_null(False)  # noqa: E712
        | pl.lit(bios).str.contains(NOBOT).fill_null(False)
    )
    known = (
        pl.col("noindex").is_not_null()
        | pl.col("discoverable").is_not_null()
        | pl.col("note").is_not_null()
    )
    return pl.when(asks).then(True).when(known).then(False).otherwise(None)


def _account_rows(
    objects: pl.DataFrame, at: datetime, instance: str | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Accounts and snapshots from a column `a` of ACCOUNT_STRUCT values."""
    a = pl.col("a")
    rows = (
        objects.filter(a.struct.field("id").is_not_null())
        .select(
            a.struct.field("id").alias("account_id"),
            _handle(
                a.struct.field("acct"), a.struct.field("url"), a.struct.field("username"), instance
            ).alias("handle"),
            a.struct.field("display_name").alias("display_name"),
            a.struct.field("followers_count").alias("followers_count"),
            a.struct.field("following_count").alias("following_count"),
            a.struct.field("statuses_count").alias("posts_count"),
            a.struct.field("note").alias("note"),
            a.struct.field("noindex").alias("noindex"),
            a.struct.field("discoverable").alias("discoverable"),
        )
        .unique("account_id", keep="first", maintain_order=True)
    )
    accounts = rows.select(
        pl.lit(PLATFORM).alias("platform"),
        "account_id",
        "handle",
        pl.col("display_name").replace("", None),
        pl.lit(at).alias("observed_at"),
        _asks_not_to_be_indexed(rows).alias("asks_not_to_be_indexed"),
    )
    snapshots = rows.filter(pl.col("followers_count").is_not_null()).select(
        pl.lit(PLATFORM).alias("platform"),
        "account_id",
        pl.lit(at).alias("captured_at"),
        "followers_count",
        "following_count",
        "posts_count",
    )
    return accounts, snapshots


def map_accounts(
    objects: Sequence[dict[str, Any]], received_at: datetime, instance: str | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical accounts and snapshots of Mastodon account objects."""
    frame = (
        pl.DataFrame({"a": list(objects)}, schema={"a": ACCOUNT_STRUCT})
        if objects
        else pl.DataFrame(schema={"a": ACCOUNT_STRUCT})
    )
    accounts, snapshots = _account_rows(frame, utc(received_at), instance)
    return canonical(ACCOUNT, accounts), canonical(SNAPSHOT, snapshots)


def _as_written(tags: list[str], written: list[str]) -> list[str]:
    spelled = {text_key(tag): tag for tag in written}
    return list(dict.fromkeys(spelled.get(text_key(tag), tag) for tag in tags if tag))


def map_statuses(
    statuses: Any, received_at: datetime, instance: str | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Canonical (posts, accounts, snapshots) of a list of Mastodon status objects.

    `instance` is the host of the server read (used for a local account without a URL).
    Raises ValueError when `statuses` is not a list of objects.
    """
    if not isinstance(statuses, list) or not all(isinstance(s, dict) for s in statuses):
        raise ValueError("the page is not a list of status objects")
    at = utc(received_at)
    if not statuses:
        return (
            empty_posts(),
            canonical(ACCOUNT, pl.DataFrame(schema=ACCOUNT.columns)),
            canonical(SNAPSHOT, pl.DataFrame(schema=SNAPSHOT.columns)),
        )
    frame = pl.from_dicts(statuses, schema=STATUS_SCHEMA).with_row_index("_i")
    reblog = pl.col("reblog")
    is_repost = reblog.struct.field("id").is_not_null()

    def effective(name: str) -> pl.Expr:
        return pl.when(is_repost).then(reblog.struct.field(name)).otherwise(pl.col(name))

    q = pl.col("quote")
    quoted = pl.coalesce(q.struct.field("quoted_status").struct.field("id"), q.struct.field("id"))
    quoted_account = pl.coalesce(
        q.struct.field("quoted_status").struct.field("account").struct.field("id"),
        q.struct.field("account").struct.field("id"),
    )
    accepted = q.struct.field("state").is_null() | (q.struct.field("state") == "accepted")
    frame = frame.with_columns(
        effective("content").alias("_content"),
        effective("tags").list.eval(pl.element().struct.field("name")).alias("_tags"),
        effective("mentions")
        .list.eval(pl.element().struct.field("id"))
        .list.drop_nulls()
        .alias("_mentions"),
        pl.when(accepted & quoted_account.is_not_null()).then(quoted).alias("_quoted"),
        pl.when(accepted & quoted_account.is_not_null())
        .then(quoted_account)
        .alias("_quoted_account"),
    )
    # the HTML is the one thing parsed per status (pages hold at most 40)
    parsed = [parse_status_html(html) for html in frame["_content"].to_list()]
    hashtags = [
        _as_written(tags or [], html.hashtags)
        for tags, html in zip(frame["_tags"].to_list(), parsed, strict=True)
    ]
    frame = frame.with_columns(
        pl.Series("_text", [html.text for html in parsed], dtype=pl.String),
        pl.Series("_hashtags", hashtags, dtype=pl.List(pl.String)),
        pl.Series("_links", [html.links for html in parsed], dtype=pl.List(pl.String)),
    )
    kind = (
        pl.when(is_repost)
        .then(pl.lit("repost"))
        .when(pl.col("in_reply_to_id").is_not_null())
        .then(pl.lit("reply"))
        .when(pl.col("_quoted").is_not_null())
        .then(pl.lit("quote"))
        .otherwise(pl.lit("original"))
    )
    frame = frame.with_columns(kind.alias("kind"))
    account = pl.col("account")
    posts = frame.select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("id").alias("post_id"),
        account.struct.field("id").alias("author_id"),
        _handle(
            account.struct.field("acct"),
            account.struct.field("url"),
            account.struct.field("username"),
            instance,
        ).alias("author_handle"),
        pl.col("created_at").str.to_datetime(time_zone="UTC", strict=False).alias("created_at"),
        pl.col("_text").alias("text"),
        "kind",
        pl.when(pl.col("kind") == "reply").then(pl.col("in_reply_to_id")).alias("reply_to_post_id"),
        pl.when(pl.col("kind") == "reply")
        .then(pl.col("in_reply_to_account_id"))
        .alias("reply_to_account_id"),
        pl.when(pl.col("kind") == "repost")
        .then(reblog.struct.field("id"))
        .otherwise(pl.col("_quoted"))
        .alias("referenced_post_id"),
        pl.when(pl.col("kind") == "repost")
        .then(reblog.struct.field("account").struct.field("id"))
        .otherwise(pl.col("_quoted_account"))
        .alias("referenced_account_id"),
        pl.col("_mentions")
        .list.unique(maintain_order=True)
        .fill_null(NO_TEXT)
        .alias("mention_ids"),
        pl.col("_hashtags").fill_null(NO_TEXT).alias("hashtags"),
        pl.col("_links").fill_null(NO_TEXT).alias("urls"),
        pl.col("favourites_count").alias("like_count"),
        pl.col("reblogs_count").alias("repost_count"),
        pl.col("replies_count").alias("reply_count"),
        pl.col("quotes_count").fill_null(0).alias("quote_count"),
        pl.lit(at).alias("observed_at"),
    )
    # account objects: the status's, the reblogged status's, the quoted status's
    objects = pl.concat(
        [
            frame.select(account.alias("a")),
            frame.select(reblog.struct.field("account").alias("a")),
            frame.select(q.struct.field("quoted_status").struct.field("account").alias("a")),
            frame.select(q.struct.field("account").alias("a")),
        ]
    )
    accounts, snapshots = _account_rows(objects, at, instance)
    mentioned = (
        frame.select(effective("mentions").alias("m"))
        .explode("m")
        .filter(pl.col("m").struct.field("id").is_not_null())
        .select(
            pl.lit(PLATFORM).alias("platform"),
            pl.col("m").struct.field("id").alias("account_id"),
            _handle(
                pl.col("m").struct.field("acct"),
                pl.col("m").struct.field("url"),
                pl.col("m").struct.field("username"),
                instance,
            ).alias("handle"),
        )
        .unique("account_id", keep="first", maintain_order=True)
        .join(accounts.select("account_id"), on="account_id", how="anti")
    )
    accounts = pl.concat([canonical(ACCOUNT, accounts), canonical(ACCOUNT, mentioned)])
    return canonical(POST, posts), accounts, canonical(SNAPSHOT, snapshots)
