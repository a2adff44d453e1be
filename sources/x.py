"""X API v2: recent (or full-archive) search for the chat's hashtags, and user lookups.

`search` pages through GET /2/tweets/search/recent (or /all when `settings.search == "all"`)
with the query `(#a OR #b)`, every expansion and field the canonical records need, and
`next_token`; `lookup_users` reads GET /2/users?ids=… (100 ids a request) for follower
snapshots. `map_x_page` turns one v2 response page into canonical frames; it is shared with
the twarc2 reader, which holds the same pages.

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

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from config.settings import SourcesSettings, XSource
from schemas.pages import Page, PullReport, SourceError
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.http import HttpClient, read_secret
from sources.pages import (
    Reach,
    Timeline,
    canonical,
    decode_cursor,
    empty_posts,
    encode_cursor,
    fresh_token,
    iso_z,
    not_returned,
    utc,
)

SOURCE = "x"
PLATFORM = "x"
MAX_RESULTS = 100
USERS_PER_LOOKUP = 100
EXPANSIONS = (
    "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
    "entities.mentions.username,in_reply_to_user_id"
)
TWEET_FIELDS = (
    "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,"
    "public_metrics,lang"
)
USER_FIELDS = "username,name,public_metrics,created_at"
LOOKUP_USER_FIELDS = "public_metrics,username,name"

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
_NO_TEXT = pl.lit([], dtype=pl.List(pl.String))
_STATUS_LINK = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[^/?#]+/status(?:es)?/(\d+)"
_MEDIA_LINK = _STATUS_LINK + r"/(?:photo|video)/\d+"


class XClient(HttpClient):
    """An HttpClient for X with the bearer token from `settings.token_env`."""

    source = SOURCE

    def __init__(self, settings: XSource, *, env: Mapping[str, str] | None = None, **options: Any):
        token = read_secret(
            settings.token_env, source=SOURCE, required=True, env=os.environ if env is None else env
        )
        super().__init__(settings.base_url, **options)
        self.settings = settings
        self.set_bearer(token)


def build_query(hashtags: Sequence[str]) -> str:
    """`(#a OR #b)` from the chat's hashtags (with or without their #)."""
    tags = [tag.strip().lstrip("#") for tag in hashtags if tag.strip().lstrip("#")]
    if not tags:
        raise SourceError(f"{SOURCE}: no hashtags to search for")
    return "(" + " OR ".join(f"#{tag}" for tag in tags) + ")"


def _frame(items: Any, schema: dict[str, Any], what: str) -> pl.DataFrame:
    if items is None:
        return pl.DataFrame(schema=schema)
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{what} is not a list of objects")
    if not items:
        return pl.DataFrame(schema=schema)
    return pl.from_dicts(items, schema=schema)


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
        users = _frame(users, USER_SCHEMA, "users")
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
    tweets = _frame(payload.get("data"), TWEET_SCHEMA, "data")
    refs = _frame(includes.get("tweets"), TWEET_SCHEMA, "includes.tweets")
    users = _frame(includes.get("users"), USER_SCHEMA, "includes.users")
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
        pl.col("mention_ids").fill_null(_NO_TEXT),
        pl.col("_entities")
        .struct.field("hashtags")
        .list.eval(pl.element().struct.field("tag"))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .fill_null(_NO_TEXT)
        .alias("hashtags"),
        pl.col("urls").fill_null(_NO_TEXT),
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


def _add_cost(report: PullReport, posts_read: int, price: float) -> None:
    report.estimated_cost_usd = (report.estimated_cost_usd or 0.0) + posts_read * price


def search(
    client: XClient,
    hashtags: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    report: PullReport,
) -> Iterator[Page]:
    """Pages of the search for the chat's hashtags between `since` and `until`.

    A `cursor` from a Page resumes right after that page, with the query and time window
    it was made with (which win over the arguments, so the resumed pull is the same pull).
    An empty page ends the pull; a `next_token` seen before ends it with a note in
    `report.skipped`. The estimated cost (posts read × read_price_usd) is added to
    `report.estimated_cost_usd` (user lookups are not priced). Times are sent to the second;
    X wants `until` at least 10 s in the past and, for recent search, `since` within 7 days
    (otherwise it answers 400, raised as SourceError with X's message).
    """
    settings = client.settings
    endpoint = "search_all" if settings.search == "all" else "search_recent"
    path = "/2/tweets/search/all" if settings.search == "all" else "/2/tweets/search/recent"
    state = decode_cursor(cursor, SOURCE)
    if state:
        query, start, end, token = (
            state.get("query"),
            state.get("since"),
            state.get("until"),
            state.get("next_token"),
        )
        if not isinstance(query, str) or not isinstance(token, str):
            raise SourceError(f"{SOURCE}: not a cursor of the X search: {cursor!r}")
    else:
        query = build_query(hashtags)
        start = iso_z(since) if since is not None else None
        end = iso_z(until) if until is not None else None
        token = None
    if report.estimated_cost_usd is None:
        report.estimated_cost_usd = 0.0
    seen: set[str] = {token} if token else set()
    while True:
        params: dict[str, Any] = {
            "query": query,
            "max_results": MAX_RESULTS,
            "expansions": EXPANSIONS,
            "tweet.fields": TWEET_FIELDS,
            "user.fields": USER_FIELDS,
        }
        if start:
            params["start_time"] = start
        if end:
            params["end_time"] = end
        if token:
            params["next_token"] = token
        what = f"{SOURCE} {endpoint}"
        response = client.get(path, params=params, report=report, what=what)
        payload = response.json(what)
        try:
            posts, accounts, snapshots = map_x_page(payload, response.received_at)
        except ValueError as error:
            raise response.unexpected(what, error) from None
        read = posts.height
        report.pages += 1
        report.records += read
        _add_cost(report, read, settings.read_price_usd)
        errors = partial_errors(payload)
        if errors:
            report.skipped.append(f"{what}: partial errors in a page: {errors}")
        meta = payload.get("meta") or {}
        next_token = meta.get("next_token") if isinstance(meta, dict) and read else None
        next_token = fresh_token(next_token, seen, report, what, "next_token")
        yield response.page(
            SOURCE,
            endpoint,
            posts,
            accounts,
            snapshots,
            encode_cursor({"query": query, "since": start, "until": end, "next_token": next_token})
            if next_token
            else None,
        )
        if not next_token:
            return
        token = next_token


def _chunks(ids: Sequence[str], size: int, offset: int) -> Iterable[tuple[int, list[str]]]:
    for begin in range(offset, len(ids), size):
        yield begin + size, list(ids[begin : begin + size])


def lookup_users(
    client: XClient,
    account_ids: Iterable[str],
    report: PullReport,
    cursor: str | None = None,
) -> Iterator[Page]:
    """Pages of GET /2/users?ids=… (100 ids a request) with accounts and snapshots.

    Ids are de-duplicated in their order; the cursor resumes after the last id of a page
    (for the same list of ids). Ids X does not return (suspended, deleted) are noted in
    `report.skipped`.
    """
    ids = list(dict.fromkeys(str(i) for i in account_ids))
    offset = int(decode_cursor(cursor, SOURCE).get("offset", 0))
    what = f"{SOURCE} users_lookup"
    for end, chunk in _chunks(ids, USERS_PER_LOOKUP, offset):
        params = {"ids": ",".join(chunk), "user.fields": LOOKUP_USER_FIELDS}
        response = client.get("/2/users", params=params, report=report, what=what)
        payload = response.json(what)
        if not isinstance(payload, dict):
            raise response.unexpected(what, "not an object")
        try:
            accounts, snapshots = map_x_users(payload.get("data") or [], response.received_at)
        except ValueError as error:
            raise response.unexpected(what, error) from None
        report.pages += 1
        report.records += accounts.height
        missing = sorted(set(chunk) - set(accounts["account_id"].to_list()))
        if missing:
            report.skipped.append(not_returned(what, "account", missing))
        yield response.page(
            SOURCE,
            "users_lookup",
            empty_posts(),
            accounts,
            snapshots,
            encode_cursor({"offset": end}) if end < len(ids) else None,
        )


__all__ = [
    "XClient",
    "build_query",
    "lookup_users",
    "map_x_page",
    "map_x_users",
    "partial_errors",
    "search",
]


class _XConnector:
    """X behind the connector contract: one search timeline, 100 users a lookup."""

    source = SOURCE
    lookup_endpoint = "users_lookup"

    def open(
        self, settings: SourcesSettings, env: Mapping[str, str] | None, options: Mapping[str, Any]
    ) -> XClient:
        return XClient(settings.x, env=env, **options)

    def activity_endpoint(self, settings: SourcesSettings) -> str:
        return "search_all" if settings.x.search == "all" else "search_recent"

    def reach(self, settings: SourcesSettings) -> Reach | None:
        return RECENT_SEARCH if settings.x.search == "recent" else None

    def read_price(self, settings: SourcesSettings) -> float | None:
        return settings.x.read_price_usd

    def timelines(
        self,
        client: HttpClient,
        settings: SourcesSettings,
        hashtags: Sequence[str],
        report: PullReport,
        options: Mapping[str, Any],
    ) -> Iterator[Timeline]:
        assert isinstance(client, XClient)

        def pages(since: datetime | None, until: datetime | None, cursor: str | None):
            return search(client, hashtags, since, until, cursor, report)

        yield Timeline(self.activity_endpoint(settings), pages)

    def lookup(
        self, client: HttpClient, account_ids: Sequence[str], report: PullReport, cursor: str | None
    ) -> Iterator[Page]:
        assert isinstance(client, XClient)
        return lookup_users(client, account_ids, report, cursor)


RECENT_SEARCH = Reach(
    limit=timedelta(days=7) - timedelta(minutes=1),
    first=timedelta(days=7) - timedelta(hours=1),
    name="X's 7-day recent search",
    beyond='set [sources.x] search = "all" where the account allows the full archive',
)
"""Recent search accepts a start_time up to 7 days back (less the time a request takes); a
first pull starts an hour within that, so an interrupted one can be resumed for an hour."""

X = _XConnector()
