"""Bluesky (AT Protocol): post search for the chat's hashtags, and profiles for snapshots.

`search_posts` pages through GET /xrpc/app.bsky.feed.searchPosts with `q=#tag&tag=tag`
(newest first, `limit=100`, `since`/`until`, `cursor`) for each hashtag in turn;
`get_profiles` reads GET /xrpc/app.bsky.actor.getProfiles, 25 actors a request.
The session comes from POST com.atproto.server.createSession with the identifier and app
password in the environment variables named by `handle_env` and `password_env`; its
accessJwt is the bearer token. A 401 (ExpiredToken) refreshes the session once
(com.atproto.server.refreshSession, else a new login) and repeats the request.

Reposts never appear in search results: a repost is a separate record
(app.bsky.feed.repost) without text or tags, which searchPosts does not index. So Bluesky
reposts of chat posts are not counted (only their total, repostCount, on each post).

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

import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import polars as pl

from config.settings import BlueskySource, SourcesSettings
from schemas.pages import Page, PullReport, SourceError
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.http import HttpClient, Response, read_secret, register_secret
from sources.pages import (
    Reach,
    Timeline,
    canonical,
    decode_cursor,
    empty_posts,
    empty_snapshots,
    encode_cursor,
    fresh_token,
    iso_ms,
    not_returned,
    tag_cursor,
    utc,
)

log = logging.getLogger(__name__)

SOURCE = "bluesky"
PLATFORM = "bluesky"
LIMIT = 100
PROFILES_PER_REQUEST = 25
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
_NO_TEXT = pl.lit([], dtype=pl.List(pl.String))
NO_UNAUTHENTICATED = "!no-unauthenticated"
"""The self-label of "discourage apps from showing my account to logged-out users"."""
NOBOT = r"(?i)(?:^|[^\w#])#nobot(?:$|[^\w])"
"""#nobot as a whole hashtag in plain text, any case (not #nobots, not a#nobot)."""


class BlueskyClient(HttpClient):
    """An HttpClient holding a Bluesky session (created on first use, refreshed on 401)."""

    source = SOURCE

    def __init__(
        self, settings: BlueskySource, *, env: Mapping[str, str] | None = None, **options: Any
    ):
        environ = os.environ if env is None else env
        identifier = environ.get(settings.handle_env, "").strip()
        if not identifier:
            raise SourceError(f"{SOURCE}: set the environment variable {settings.handle_env}")
        # the identifier is a public handle (it appears in data); only the password is secret
        self._identifier = identifier
        self._password = read_secret(
            settings.password_env, source=SOURCE, required=True, env=environ
        )
        super().__init__(settings.base_url, **options)
        self.settings = settings
        self._refresh_jwt: str | None = None
        self.logged_in = False

    def _take_session(self, response: Response, what: str) -> None:
        session = response.json(what)
        access = session.get("accessJwt") if isinstance(session, dict) else None
        refresh = session.get("refreshJwt") if isinstance(session, dict) else None
        if not isinstance(access, str) or not access:
            raise SourceError(f"{what}: {response.url} returned no accessJwt")
        register_secret(access)
        register_secret(refresh if isinstance(refresh, str) else None)
        self._refresh_jwt = refresh if isinstance(refresh, str) else None
        self.set_bearer(access)
        self.logged_in = True

    def login(self, report: PullReport | None = None) -> None:
        """A new session from the identifier and app password."""
        what = f"{SOURCE} createSession"
        self.set_bearer(None)
        response = self.request(
            "POST",
            "/xrpc/com.atproto.server.createSession",
            json={"identifier": self._identifier, "password": self._password},
            report=report,
            what=what,
        )
        self._take_session(response, what)
        log.info("%s: logged in", what)

    def refresh(self, report: PullReport | None = None) -> None:
        """A fresh accessJwt from the refreshJwt; a new login when that fails."""
        what = f"{SOURCE} refreshSession"
        if self._refresh_jwt:
            try:
                response = self.request(
                    "POST",
                    "/xrpc/com.atproto.server.refreshSession",
                    headers={"Authorization": f"Bearer {self._refresh_jwt}"},
                    report=report,
                    what=what,
                )
            except SourceError as error:
                if error.status not in (400, 401):
                    raise
                log.info("%s: refresh refused (%s), logging in again", what, error.error)
            else:
                self._take_session(response, what)
                log.info("%s: session refreshed", what)
                return
        self.login(report)

    def xrpc_get(self, method: str, params: Any, report: PullReport, what: str) -> Response:
        """GET /xrpc/{method} with the session, refreshing it once on a 401."""
        if not self.logged_in:
            self.login(report)
        try:
            return self.get(f"/xrpc/{method}", params=params, report=report, what=what)
        except SourceError as error:
            if error.status != 401:
                raise
            log.info("%s: 401 %s, refreshing the session", what, error.error or "")
        self.refresh(report)
        return self.get(f"/xrpc/{method}", params=params, report=report, what=what)


def _frame(items: Any, schema: dict[str, Any], what: str) -> pl.DataFrame:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError(f"{what} is not a list of objects")
    if not items:
        return pl.DataFrame(schema=schema)
    return pl.from_dicts(items, schema=schema)


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
        frame = _frame(profiles, PROFILE_SCHEMA, "profiles")
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
    frame = _frame(posts, POST_SCHEMA, "posts")
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
        .fill_null(_NO_TEXT)
        .alias("mention_ids"),
        pl.concat_list(
            pl.col("_facet_tags").fill_null(_NO_TEXT),
            record.struct.field("tags").list.drop_nulls().fill_null(_NO_TEXT),
        )
        .list.unique(maintain_order=True)
        .alias("hashtags"),
        pl.concat_list(
            pl.col("_links").fill_null(_NO_TEXT), pl.concat_list(pl.col("_card")).list.drop_nulls()
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


def search_posts(
    client: BlueskyClient,
    hashtags: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    report: PullReport,
) -> Iterator[Page]:
    """Pages of searchPosts for each of the chat's hashtags, one after the other.

    The cursor resumes right after a page (the hashtags and window it was made with win
    over the arguments). An empty page or a missing cursor ends a hashtag; a cursor seen
    before ends it with a note in `report.skipped`.
    """
    state = decode_cursor(cursor, SOURCE)
    if state:
        tags, tag_index, token = state.get("tags"), state.get("tag", 0), state.get("cursor")
        start, end = state.get("since"), state.get("until")
        if not isinstance(tags, list) or not isinstance(tag_index, int):
            raise SourceError(f"{SOURCE}: not a cursor of the post search: {cursor!r}")
    else:
        tags = [tag.strip().lstrip("#") for tag in hashtags if tag.strip().lstrip("#")]
        tag_index, token = 0, None
        start = iso_ms(since) if since is not None else None
        end = iso_ms(until) if until is not None else None
    what = f"{SOURCE} searchPosts"
    while tag_index < len(tags):
        tag = tags[tag_index]
        seen: set[str] = {token} if token else set()
        while True:
            params: dict[str, Any] = {"q": f"#{tag}", "tag": tag, "sort": "latest", "limit": LIMIT}
            if start:
                params["since"] = start
            if end:
                params["until"] = end
            if token:
                params["cursor"] = token
            response = client.xrpc_get("app.bsky.feed.searchPosts", params, report, what)
            payload = response.json(what)
            if not isinstance(payload, dict):
                raise response.unexpected(what, "not an object")
            items = payload.get("posts") or []
            try:
                posts, accounts, snapshots = map_posts(items, response.received_at)
            except ValueError as error:
                raise response.unexpected(what, error) from None
            report.pages += 1
            report.records += len(items)
            next_token = payload.get("cursor")
            if not isinstance(next_token, str) or not items:
                next_token = None
            next_token = fresh_token(next_token, seen, report, f"{what} #{tag}", "cursor")
            yield response.page(
                SOURCE,
                "searchPosts",
                posts,
                accounts,
                snapshots,
                tag_cursor(tags, tag_index, "cursor", next_token, start, end),
            )
            if next_token is None:
                break
            token = next_token
        tag_index += 1
        token = None


def get_profiles(
    client: BlueskyClient,
    account_ids: Iterable[str],
    report: PullReport,
    cursor: str | None = None,
) -> Iterator[Page]:
    """Pages of app.bsky.actor.getProfiles (25 DIDs or handles a request).

    Actors the service does not return (deleted, taken down) are noted in `report.skipped`.
    The cursor resumes after a page (for the same list of actors).
    """
    actors = list(dict.fromkeys(str(a) for a in account_ids))
    offset = int(decode_cursor(cursor, SOURCE).get("offset", 0))
    what = f"{SOURCE} getProfiles"
    for begin in range(offset, len(actors), PROFILES_PER_REQUEST):
        chunk = actors[begin : begin + PROFILES_PER_REQUEST]
        end = begin + len(chunk)
        response = client.xrpc_get("app.bsky.actor.getProfiles", {"actors": chunk}, report, what)
        payload = response.json(what)
        if not isinstance(payload, dict):
            raise response.unexpected(what, "not an object")
        try:
            accounts, snapshots = map_profiles(payload.get("profiles") or [], response.received_at)
        except ValueError as error:
            raise response.unexpected(what, error) from None
        report.pages += 1
        report.records += accounts.height
        returned = set(accounts["account_id"].to_list()) | set(accounts["handle"].to_list())
        missing = [actor for actor in chunk if actor not in returned]
        if missing:
            report.skipped.append(not_returned(what, "actor", missing))
        yield response.page(
            SOURCE,
            "getProfiles",
            empty_posts(),
            accounts,
            snapshots,
            encode_cursor({"offset": end}) if end < len(actors) else None,
        )


POSTS_PER_REQUEST = 25


class AppViewClient(HttpClient):
    """The public AppView (`[sources.jetstream] appview_url`): read-only XRPC, no login."""

    source = SOURCE

    def xrpc_get(self, method: str, params: Any, report: PullReport, what: str) -> Response:
        return self.get(f"/xrpc/{method}", params=params, report=report, what=what)


def get_posts(
    client: AppViewClient | BlueskyClient, uris: Iterable[str], report: PullReport
) -> Iterator[Page]:
    """Pages of app.bsky.feed.getPosts (25 URIs a request): the posts with their author's
    handle and their counts, mapped as search results are. A post the AppView does not
    return (deleted since) is noted in `report.skipped`."""
    wanted = list(dict.fromkeys(uris))
    what = f"{SOURCE} getPosts"
    for begin in range(0, len(wanted), POSTS_PER_REQUEST):
        chunk = wanted[begin : begin + POSTS_PER_REQUEST]
        response = client.xrpc_get("app.bsky.feed.getPosts", {"uris": chunk}, report, what)
        payload = response.json(what)
        if not isinstance(payload, dict):
            raise response.unexpected(what, "not an object")
        try:
            posts, accounts, snapshots = map_posts(payload.get("posts") or [], response.received_at)
        except ValueError as error:
            raise response.unexpected(what, error) from None
        report.pages += 1
        report.records += posts.height
        missing = [uri for uri in chunk if uri not in set(posts["post_id"].to_list())]
        if missing:
            report.skipped.append(not_returned(what, "post", missing))
        yield response.page(SOURCE, "getPosts", posts, accounts, snapshots, None)


__all__ = [
    "AppViewClient",
    "BlueskyClient",
    "get_posts",
    "get_profiles",
    "map_posts",
    "map_profiles",
    "search_posts",
]


class _BlueskyConnector:
    """Bluesky behind the connector contract: one searchPosts timeline, 25 profiles a lookup."""

    source = SOURCE
    lookup_endpoint = "getProfiles"

    def open(
        self, settings: SourcesSettings, env: Mapping[str, str] | None, options: Mapping[str, Any]
    ) -> BlueskyClient:
        return BlueskyClient(settings.bluesky, env=env, **options)

    def activity_endpoint(self, settings: SourcesSettings) -> str:
        return "searchPosts"

    def reach(self, settings: SourcesSettings) -> Reach | None:
        return None

    def read_price(self, settings: SourcesSettings) -> float | None:
        return None

    def timelines(
        self,
        client: HttpClient,
        settings: SourcesSettings,
        hashtags: Sequence[str],
        report: PullReport,
        options: Mapping[str, Any],
    ) -> Iterator[Timeline]:
        assert isinstance(client, BlueskyClient)

        def pages(since: datetime | None, until: datetime | None, cursor: str | None):
            return search_posts(client, hashtags, since, until, cursor, report)

        yield Timeline(self.activity_endpoint(settings), pages)

    def lookup(
        self, client: HttpClient, account_ids: Sequence[str], report: PullReport, cursor: str | None
    ) -> Iterator[Page]:
        assert isinstance(client, BlueskyClient)
        return get_profiles(client, account_ids, report, cursor)


BLUESKY = _BlueskyConnector()
