"""X API v2: recent (or full-archive) search for the chat's hashtags, and user lookups.

`search` pages through GET /2/tweets/search/recent (or /all when `settings.search == "all"`)
with the query `(#a OR #b)`, every expansion and field the canonical records need, and
`next_token`; `lookup_users` reads GET /2/users?ids=… (100 ids a request) for follower
snapshots. `map_x_page` turns one v2 response page into canonical frames; it is shared with
the twarc2 reader, which holds the same pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from config.sources import SourcesSettings, XSource
from schemas.pages import Page, PullReport, SourceError
from sources.http import HttpClient
from sources.pages import (
    Reach,
    SearchConnector,
    decode_cursor,
    empty_posts,
    encode_cursor,
    fresh_token,
    iso_z,
    not_returned,
)
from sources.secrets import read_secret
from sources.x.mapping import SOURCE, map_x_page, map_x_users, partial_errors

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


class _XConnector(SearchConnector):
    """X: recent or full-archive search (by `search`), priced per post read."""

    def activity_endpoint(self, settings: SourcesSettings) -> str:
        return "search_all" if settings.x.search == "all" else "search_recent"

    def reach(self, settings: SourcesSettings) -> Reach | None:
        return RECENT_SEARCH if settings.x.search == "recent" else None

    def read_price(self, settings: SourcesSettings) -> float | None:
        return settings.x.read_price_usd


RECENT_SEARCH = Reach(
    limit=timedelta(days=7) - timedelta(minutes=1),
    first=timedelta(days=7) - timedelta(hours=1),
    name="X's 7-day recent search",
    beyond='set [sources.x] search = "all" where the account allows the full archive',
)
"""Recent search accepts a start_time up to 7 days back (less the time a request takes); a
first pull starts an hour within that, so an interrupted one can be resumed for an hour."""

X = _XConnector(SOURCE, "users_lookup", "search_recent", XClient, search, lookup_users)
