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
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from config.sources import BlueskySource
from schemas.pages import Page, PullReport, SourceError
from sources.bluesky.mapping import SOURCE, map_posts, map_profiles
from sources.http import HttpClient, Response
from sources.pages import (
    SearchConnector,
    decode_cursor,
    empty_posts,
    encode_cursor,
    fresh_token,
    iso_ms,
    not_returned,
    tag_cursor,
)
from sources.secrets import read_secret, register_secret

log = logging.getLogger(__name__)

LIMIT = 100
PROFILES_PER_REQUEST = 25


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


BLUESKY = SearchConnector(
    SOURCE, "getProfiles", "searchPosts", BlueskyClient, search_posts, get_profiles
)
