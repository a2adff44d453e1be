"""The simulator as a source: what a pull at a given instant would have seen."""

from datetime import UTC, date, datetime
from functools import lru_cache

import polars as pl

from config.chat import ChatSettings
from config.sources import DemoSource
from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind
from sources.demo import SimulatedChat, simulate

DEFAULT_HOSTS = ("Host",)


@lru_cache(maxsize=4)
def _simulated(
    weeks: int,
    seed: int,
    end_week: date | None,
    community_size: int,
    hashtag: str,
    timezone: str,
    hosts: tuple[str, ...],
    sponsor: str,
) -> SimulatedChat:
    return simulate(
        weeks=weeks,
        seed=seed,
        end_week=end_week,
        hashtag=hashtag,
        timezone=timezone,
        hosts=hosts,
        sponsor=sponsor,
        community_size=community_size,
    )


def pull_simulated(
    demo: DemoSource, chat: ChatSettings, since: datetime | None, until: datetime
) -> dict[RecordKind, pl.DataFrame]:
    """The simulated posts and snapshots made in [since, until), and the accounts they name."""
    data = _simulated(
        demo.weeks,
        demo.seed,
        demo.end_week,
        demo.community_size,
        chat.hashtags[0],
        chat.timezone,
        tuple(chat.hosts) or DEFAULT_HOSTS,
        chat.sponsors[0] if chat.sponsors else "Sponsor",
    )
    until = until.astimezone(UTC)
    start = (since or datetime.min.replace(tzinfo=UTC)).astimezone(UTC)
    posts = data.posts.filter(pl.col("created_at").is_between(start, until, closed="left"))
    snapshots = data.snapshots.filter(pl.col("captured_at").is_between(start, until, closed="left"))
    seen = pl.concat(
        [
            posts.select("platform", pl.col("author_id").alias("account_id")),
            snapshots.select("platform", "account_id"),
        ]
    ).unique()
    accounts = data.accounts.join(seen, on=["platform", "account_id"], how="semi")
    return {POST: posts, ACCOUNT: accounts, SNAPSHOT: snapshots}
