"""The loop of every pull: open the network's client, then store page after page, each with
its cursor in one transaction, and mark the pull complete at the end."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb

from config.sources import SourcesSettings
from flows.pulling.result import PullRefused, PullResult
from schemas.pages import Page, SourceError
from sources.connector import CONNECTORS, client_bounds, connector
from sources.http import HttpClient
from warehouse.cursors import PullKey
from warehouse.pages import store_page
from warehouse.sql import transaction

API_SOURCES = tuple(CONNECTORS)

PageHook = Callable[[Page], None]


def open_client(
    sources: SourcesSettings,
    source: str,
    *,
    env: Mapping[str, str] | None = None,
    client_options: Mapping[str, Any] | None = None,
) -> HttpClient:
    """The HTTP client of an API source with its configured bounds (secrets from `env`)."""
    try:
        return connector(source).open(
            sources, env, client_options_for(sources, source, client_options)
        )
    except SourceError as error:
        raise PullRefused(str(error)) from None


def client_options_for(
    sources: SourcesSettings, source: str, client_options: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The configured bounds of `source`'s client, overridden by `client_options`."""
    return {**client_bounds(sources, source), **(client_options or {})}


def check_credentials(
    sources: SourcesSettings, source: str, env: Mapping[str, str] | None = None
) -> None:
    """Raise PullRefused naming the environment variable when a required secret is unset."""
    open_client(sources, source, env=env).close()


def load_pages(
    con: duckdb.DuckDBPyConnection,
    pages: Iterable[Page],
    key: PullKey,
    identity: str | None,
    result: PullResult,
    *,
    run_id: str,
    land: bool = True,
    on_complete: Callable[[], None] | None = None,
    after_page: PageHook | None = None,
) -> None:
    """Store every page, each in its own transaction; mark the pull complete at the end.

    `identity` is recorded with the first page (None when resuming: it is held already).
    `after_page` runs after each page is committed (tests stop a pull there).
    """
    pending: str | None = "(no page yet)"
    for page in pages:
        last = page.cursor is None
        result.counts += store_page(
            con,
            page,
            key,
            identity,
            run_id=run_id,
            land=land,
            on_complete=on_complete if last else None,
        )
        identity = None
        result.pages_loaded += 1
        pending = page.cursor
        if after_page is not None:
            after_page(page)
    if pending is not None:
        # no page at all, or the pages ended without a last cursor (Mastodon skips an account
        # that is gone without a page of its own): the pull is complete all the same
        with transaction(con):
            key.set(con, "", None)
            if on_complete is not None:
                on_complete()
    result.completed = True
