"""Mastodon: the hashtag timelines of the chat's hashtags, and account lookups.

`tag_timeline` pages through GET /api/v1/timelines/tag/:hashtag?limit=40 for each hashtag
in turn, newest first, following the `max_id` of the Link header's rel="next" (only the
max_id is taken: the Link URL's host is never contacted, so a token cannot be sent
elsewhere), and stops a hashtag at the first page reaching back before `since`, at an empty
page, or when there is no next link. Statuses outside [since, until) are left out of the
frames (the page body keeps them). `lookup_accounts` reads GET /api/v1/accounts/:id.
A token (optional: public timelines need none) comes from `settings.token_env`.

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

import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import polars as pl

from config.settings import MastodonSource, SourcesSettings, text_key
from schemas.pages import InstanceTally, Page, PullReport, SourceError
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.http import HttpClient, Response, read_secret
from sources.pages import (
    Reach,
    Timeline,
    canonical,
    decode_cursor,
    empty_accounts,
    empty_posts,
    empty_snapshots,
    encode_cursor,
    fresh_token,
    iso_ms,
    parse_instant,
    tag_cursor,
    utc,
)
from sources.text import parse_status_html

log = logging.getLogger(__name__)

SOURCE = "mastodon"
PLATFORM = "mastodon"
LIMIT = 40

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
_NO_TEXT = pl.lit([], dtype=pl.List(pl.String))
_LINK_NEXT = re.compile(r'<([^>]*)>\s*;[^,]*?\brel="?next"?', re.IGNORECASE)
NOBOT = r"(?i)(?:^|[^\w#])#nobot(?:$|[^\w])"
"""#nobot as a whole hashtag in plain text, any case (not #nobots, not a#nobot)."""


class MastodonClient(HttpClient):
    """An HttpClient for one Mastodon instance: the home instance (`settings.home_url`) by
    default, with the token (if set) from `settings.token_env`; another instance of
    `settings.instances` without any token (its public hashtag timelines need none)."""

    source = SOURCE

    def __init__(
        self,
        settings: MastodonSource,
        *,
        env: Mapping[str, str] | None = None,
        instance_url: str | None = None,
        **options: Any,
    ):
        url = (instance_url or settings.home_url).rstrip("/")
        super().__init__(url, **options)
        self.settings = settings
        self.instance = urlsplit(url).hostname or ""
        self.address = urlsplit(url).netloc
        """host[:port]: what a pull's cursor and report name the instance by."""
        self.is_home = url == settings.home_url
        if self.is_home:
            token = read_secret(
                settings.token_env,
                source=SOURCE,
                required=False,
                env=os.environ if env is None else env,
            )
            self.set_bearer(token)


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
        .fill_null(_NO_TEXT)
        .alias("mention_ids"),
        pl.col("_hashtags").fill_null(_NO_TEXT).alias("hashtags"),
        pl.col("_links").fill_null(_NO_TEXT).alias("urls"),
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


def next_max_id(link_header: str | None) -> str | None:
    """The max_id of the Link header's rel="next" URL (only that parameter is used)."""
    if not link_header:
        return None
    match = _LINK_NEXT.search(link_header)
    if not match:
        return None
    values = parse_qs(urlsplit(match.group(1)).query).get("max_id")
    return values[0] if values else None


@dataclass(frozen=True)
class _TimelinePage:
    """One response of a hashtag timeline, with the cursors that read it again and after it."""

    response: Response
    statuses: list[dict[str, Any]]
    here: str | None
    after: str | None
    since: datetime | None
    until: datetime | None
    """The pull's window (the cursor's, when resuming)."""


def _timeline_pages(
    client: MastodonClient,
    hashtags: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    report: PullReport,
) -> Iterator[_TimelinePage]:
    """The pages of the chat's hashtag timelines on the client's instance, one hashtag after
    the other, from the cursor (whose hashtags and window win over the arguments)."""
    state = decode_cursor(cursor, SOURCE)
    if state:
        tags, tag_index, max_id = state.get("tags"), state.get("tag", 0), state.get("max_id")
        start, end = state.get("since"), state.get("until")
        if not isinstance(tags, list) or not isinstance(tag_index, int):
            raise SourceError(f"{SOURCE}: not a cursor of the tag timeline: {cursor!r}")
    else:
        tags = [tag.strip().lstrip("#") for tag in hashtags if tag.strip().lstrip("#")]
        tag_index, max_id = 0, None
        start = iso_ms(since) if since is not None else None
        end = iso_ms(until) if until is not None else None
    since_at, until_at = parse_instant(start), parse_instant(end)
    what = f"{SOURCE} tag_timeline"
    while tag_index < len(tags):
        tag = tags[tag_index]
        path = f"/api/v1/timelines/tag/{quote(tag, safe='')}"
        seen: set[str] = {max_id} if max_id else set()
        while True:
            here = encode_cursor(
                {"tag": tag_index, "max_id": max_id, "tags": tags, "since": start, "until": end}
            )
            params: dict[str, Any] = {"limit": LIMIT}
            if max_id:
                params["max_id"] = max_id
            response = client.get(path, params=params, report=report, what=what)
            payload = response.json(what)
            if not isinstance(payload, list) or not all(isinstance(s, dict) for s in payload):
                raise response.unexpected(what, "not a list of statuses")
            report.pages += 1
            report.records += len(payload)
            created = [parse_instant(status.get("created_at")) for status in payload]
            reached_since = since_at is not None and any(
                moment is not None and moment < since_at for moment in created
            )
            next_id = next_max_id(response.headers.get("link"))
            if not payload or reached_since:
                next_id = None
            next_id = fresh_token(next_id, seen, report, f"{what} #{tag}", "max_id")
            after = tag_cursor(tags, tag_index, "max_id", next_id, start, end)
            yield _TimelinePage(response, payload, here, after, since_at, until_at)
            if next_id is None:
                break
            max_id = next_id
        tag_index += 1
        max_id = None


def _in_window(posts: pl.DataFrame, since: datetime | None, until: datetime | None) -> pl.DataFrame:
    if since is not None:
        posts = posts.filter(pl.col("created_at") >= since)
    if until is not None:
        posts = posts.filter(pl.col("created_at") < until)
    return posts


def status_uris(statuses: Iterable[dict[str, Any]]) -> set[str]:
    """The ActivityPub URIs of the statuses and of the statuses they reblog."""
    uris = set()
    for status in statuses:
        for one in (status, status.get("reblog") or {}):
            if isinstance(one, dict) and isinstance(one.get("uri"), str):
                uris.add(one["uri"])
    return uris


def tag_timeline(
    client: MastodonClient,
    hashtags: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    report: PullReport,
    seen_uris: set[str] | None = None,
) -> Iterator[Page]:
    """Pages of the hashtag timelines of the chat's hashtags, one hashtag after the other.

    The cursor resumes right after a page (the hashtags and window it was made with win
    over the arguments). A max_id seen before ends that hashtag with a note in
    `report.skipped`. The URIs of the statuses read are added to `seen_uris`.
    """
    for page in _timeline_pages(client, hashtags, since, until, cursor, report):
        try:
            posts, accounts, snapshots = map_statuses(
                page.statuses, page.response.received_at, client.instance
            )
        except ValueError as error:
            raise page.response.unexpected(f"{SOURCE} tag_timeline", error) from None
        if seen_uris is not None:
            seen_uris |= status_uris(page.statuses)
        posts = _in_window(posts, page.since, page.until)
        report.instances.setdefault(client.address, InstanceTally()).statuses += len(page.statuses)
        yield page.response.page(SOURCE, "tag_timeline", posts, accounts, snapshots, page.after)


def resolve_status(
    home: MastodonClient, uri: str, report: PullReport
) -> tuple[Response, dict[str, Any] | None]:
    """The home instance's copy of the status at `uri` (GET /api/v2/search with resolve=true,
    which has the home instance fetch it if it has not seen it), or None when it has none."""
    what = f"{SOURCE} search"
    params = {"q": uri, "resolve": "true", "type": "statuses", "limit": 1}
    response = home.get("/api/v2/search", params=params, report=report, what=what)
    payload = response.json(what)
    if not isinstance(payload, dict) or not isinstance(payload.get("statuses", []), list):
        raise response.unexpected(what, "not a search result")
    found = [s for s in payload.get("statuses", []) if isinstance(s, dict) and s.get("uri") == uri]
    return response, (found[0] if found else None)


def remote_tag_timeline(
    home: MastodonClient,
    remote: MastodonClient,
    hashtags: Sequence[str],
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    report: PullReport,
    seen_uris: set[str],
) -> Iterator[Page]:
    """Another instance's hashtag timelines, loaded under the home instance's ids.

    Each status of the window not read on the home instance in this pull (`seen_uris`) is
    resolved there by its URI: one page per resolution (its records mapped from the home
    copy), then the remote page itself (no records) with the cursor after it. The
    resolution pages carry the cursor that reads the remote page again, so a pull stopped
    among them resolves that page again (loads are idempotent). A reblog has no URI the home
    instance can resolve, and a status it cannot resolve is not loaded: both are counted.
    """
    tally = report.instances.setdefault(remote.address, InstanceTally())
    for page in _timeline_pages(remote, hashtags, since, until, cursor, report):
        start, end = page.since, page.until
        for status in page.statuses:
            moment = parse_instant(status.get("created_at"))
            if moment is None or (start and moment < start) or (end and moment >= end):
                continue
            tally.statuses += 1
            uri = status.get("uri")
            if status.get("reblog"):
                tally.boosts += 1
                continue
            if not isinstance(uri, str) or uri in seen_uris:
                tally.known += 1
                continue
            response, found = resolve_status(home, uri, report)
            if found is None:
                tally.unresolved += 1
                continue
            seen_uris |= status_uris([found])
            try:
                posts, accounts, snapshots = map_statuses(
                    [found], response.received_at, home.instance
                )
            except ValueError as error:
                raise response.unexpected(f"{SOURCE} search", error) from None
            tally.resolved += 1
            yield response.page(SOURCE, "search", posts, accounts, snapshots, page.here)
        yield page.response.page(
            SOURCE, "tag_timeline", empty_posts(), empty_accounts(), empty_snapshots(), page.after
        )


def lookup_accounts(
    client: MastodonClient,
    account_ids: Iterable[str],
    report: PullReport,
    cursor: str | None = None,
) -> Iterator[Page]:
    """One Page per GET /api/v1/accounts/:id, with the account and its snapshot.

    An account the server no longer has (404, 410) is noted in `report.skipped` and passed.
    The cursor resumes after an id (for the same list of ids).
    """
    ids = list(dict.fromkeys(str(i) for i in account_ids))
    offset = int(decode_cursor(cursor, SOURCE).get("offset", 0))
    what = f"{SOURCE} account"
    for position in range(offset, len(ids)):
        account_id = ids[position]
        path = f"/api/v1/accounts/{quote(account_id, safe='')}"
        try:
            response = client.get(path, report=report, what=what)
        except SourceError as error:
            if error.status in (404, 410):
                report.skipped.append(f"{what} {account_id}: gone ({error.status})")
                continue
            raise
        payload = response.json(what)
        if not isinstance(payload, dict):
            raise response.unexpected(what, "not an object")
        accounts, snapshots = map_accounts([payload], response.received_at, client.instance)
        report.pages += 1
        report.records += 1
        yield response.page(
            SOURCE,
            "account",
            empty_posts(),
            accounts,
            snapshots,
            encode_cursor({"offset": position + 1}) if position + 1 < len(ids) else None,
        )


__all__ = [
    "MastodonClient",
    "lookup_accounts",
    "map_accounts",
    "map_statuses",
    "next_max_id",
    "remote_tag_timeline",
    "resolve_status",
    "status_uris",
    "tag_timeline",
]


class _MastodonConnector:
    """Mastodon behind the connector contract: the home instance's tag timelines, then each
    other instance's with a cursor of its own; accounts looked up one by one."""

    source = SOURCE
    lookup_endpoint = "account"

    def open(
        self, settings: SourcesSettings, env: Mapping[str, str] | None, options: Mapping[str, Any]
    ) -> MastodonClient:
        return MastodonClient(settings.mastodon, env=env, **options)

    def activity_endpoint(self, settings: SourcesSettings) -> str:
        return "tag_timeline"

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
        assert isinstance(client, MastodonClient)
        endpoint = self.activity_endpoint(settings)
        seen_uris: set[str] = set()
        report.instances.setdefault(client.address, InstanceTally())

        def home_pages(since: datetime | None, until: datetime | None, cursor: str | None):
            return tag_timeline(client, hashtags, since, until, cursor, report, seen_uris)

        yield Timeline(endpoint, home_pages)
        for url in settings.mastodon.instance_urls[1:]:
            with MastodonClient(settings.mastodon, instance_url=url, **options) as remote:

                def remote_pages(since, until, cursor, remote=remote):
                    return remote_tag_timeline(
                        client, remote, hashtags, since, until, cursor, report, seen_uris
                    )

                yield Timeline(f"{endpoint}@{remote.address}", remote_pages)

    def lookup(
        self, client: HttpClient, account_ids: Sequence[str], report: PullReport, cursor: str | None
    ) -> Iterator[Page]:
        assert isinstance(client, MastodonClient)
        return lookup_accounts(client, account_ids, report, cursor)


MASTODON = _MastodonConnector()
