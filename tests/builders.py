"""Small builders for canonical records and in-memory warehouses, shared by the tests."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

from config.chat import ChatSettings
from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind
from warehouse.ingest import load_records
from warehouse.load import LoadCounts
from warehouse.migrate import migrate


def at(text: str) -> datetime:
    """An instant from ISO text with its offset."""
    return datetime.fromisoformat(text).astimezone(UTC)


def post(
    post_id: str,
    author: str,
    created: str,
    kind: str = "original",
    *,
    platform: str = "x",
    handle: str | None = None,
    text: str = "",
    reply_to: tuple[str, str] | None = None,
    referenced: tuple[str, str] | None = None,
    mentions: tuple[str, ...] = (),
    hashtags: tuple[str, ...] = ("TChat",),
    urls: tuple[str, ...] = (),
    likes: int = 0,
    reposts: int = 0,
    replies: int = 0,
    quotes: int = 0,
    views: int | None = None,
    observed: str | None = None,
) -> dict:
    """A canonical post record as a dict, observed an hour after it was made unless told."""
    return {
        "platform": platform,
        "post_id": post_id,
        "author_id": author,
        "author_handle": handle or f"user{author}",
        "created_at": at(created),
        "text": text,
        "kind": kind,
        "reply_to_post_id": reply_to[0] if reply_to else None,
        "reply_to_account_id": reply_to[1] if reply_to else None,
        "referenced_post_id": referenced[0] if referenced else None,
        "referenced_account_id": referenced[1] if referenced else None,
        "mention_ids": list(mentions),
        "hashtags": list(hashtags),
        "urls": list(urls),
        "like_count": likes,
        "repost_count": reposts,
        "reply_count": replies,
        "quote_count": quotes,
        "observed_at": at(observed) if observed else at(created) + timedelta(hours=1),
        # METRICS.md's record has no views: only a post given some carries the column.
        **({"view_count": views} if views is not None else {}),
    }


def snapshot(account: str, captured: str, followers: int, platform: str = "x") -> dict:
    """A canonical follower snapshot as a dict."""
    return {
        "platform": platform,
        "account_id": account,
        "captured_at": at(captured),
        "followers_count": followers,
        "following_count": None,
        "posts_count": None,
    }


def account(
    account_id: str,
    handle: str,
    name: str | None = None,
    observed: str | None = None,
    platform: str = "x",
) -> dict:
    """A canonical account record as a dict."""
    return {
        "platform": platform,
        "account_id": account_id,
        "handle": handle,
        "display_name": name,
        "observed_at": at(observed) if observed else None,
    }


def frame(kind: RecordKind, rows: list[dict]) -> pl.DataFrame:
    """Rows of a kind as a frame with the canonical dtypes."""
    return pl.DataFrame(rows, schema=kind.columns)


def new_warehouse() -> duckdb.DuckDBPyConnection:
    """An empty, migrated in-memory warehouse."""
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    migrate(con)
    return con


def load(
    con: duckdb.DuckDBPyConnection,
    posts: list[dict] = (),  # type: ignore[assignment]
    snapshots: list[dict] = (),  # type: ignore[assignment]
    accounts: list[dict] = (),  # type: ignore[assignment]
    run_id: str = "test",
) -> LoadCounts:
    """Load canonical dicts through validation into the warehouse."""
    records = {}
    if posts:
        records[POST] = frame(POST, list(posts))
    if accounts:
        records[ACCOUNT] = frame(ACCOUNT, list(accounts))
    if snapshots:
        records[SNAPSHOT] = frame(SNAPSHOT, list(snapshots))
    return load_records(con, records, source="test", origin="test", run_id=run_id)


def tchat(**overrides) -> ChatSettings:
    """The #TChat chat, in New York time, as the tests use it."""
    values = {"slug": "tchat", "hashtags": ["TChat"], "timezone": "America/New_York"}
    values.update(overrides)
    return ChatSettings(**values)


def rows(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> list[dict]:
    """Query results as dicts."""
    result = con.execute(query, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def assert_same_tables(found: dict[str, pl.DataFrame], expected: dict[str, pl.DataFrame]) -> None:
    """The same tables, row for row; floats (PageRank, rates) to 1e-12, since sums may run in
    another order. Frames are compared sorted on every column."""
    assert found.keys() == expected.keys()
    for name, table in expected.items():
        try:
            assert_frame_equal(
                found[name].sort(pl.all()),
                table.sort(pl.all()),
                check_exact=False,
                rel_tol=1e-9,
                abs_tol=1e-12,
            )
        except AssertionError as error:
            raise AssertionError(f"{name} differs: {error}") from None


def config_file(settings) -> Path:
    """The settings as a chatreach.toml beside their warehouse: what the flows take."""
    from config.toml_file import write_settings

    return write_settings(settings, settings.warehouse.path.parent / "chatreach.toml")
