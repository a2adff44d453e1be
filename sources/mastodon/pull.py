"""Mastodon: the hashtag timelines of the chat's hashtags, and account lookups.

`tag_timeline` pages through GET /api/v1/timelines/tag/:hashtag?limit=40 for each hashtag
in turn, newest first, following the `max_id` of the Link header's rel="next" (only the
max_id is taken: the Link URL's host is never contacted, so a token cannot be sent
elsewhere), and stops a hashtag at the first page reaching back before `since`, at an empty
page, or when there is no next link. Statuses outside [since, until) are left out of the
frames (the page body keeps them). `lookup_accounts` reads GET /api/v1/accounts/:id.
A token (optional: public timelines need none) comes from `settings.token_env`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import polars as pl

from config.sources import MastodonSource, SourcesSettings
from schemas.pages import InstanceTally, Page, PullReport, SourceError
from sources.http import HttpClient, Response
from sources.mastodon.mapping import SOURCE, map_accounts, map_statuses
from sources.pages import (
    SearchConnector,
    Timeline,
    decode_cursor,
    empty_accounts,
    empty_posts,
    empty_snapshots,
    encode_cursor,
    fresh_token,
    iso_ms,
    parse_instant,
    tag_cursor,
)
from sources.secrets import read_secret

LIMIT = 40


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


def next_max_id(links: Mapping[str, Mapping[str, str]]) -> str | None:
    """The max_id of the rel="next" link (httpx's `Response.links`); only that parameter is
    used, so the link's host is never contacted."""
    url = links.get("next", {}).get("url")
    values = parse_qs(urlsplit(url).query).get("max_id") if url else None
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
            next_id = next_max_id(response.links)
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


class _MastodonConnector(SearchConnector):
    """Mastodon: the home instance's tag timelines, then each other instance's with a cursor
    of its own; accounts looked up one by one."""

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


MASTODON = _MastodonConnector(
    SOURCE, "account", "tag_timeline", MastodonClient, tag_timeline, lookup_accounts
)
