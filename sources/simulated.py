"""The simulator as a source: what a pull at a given instant would have seen."""

from datetime import datetime
from functools import lru_cache

import polars as pl

from config.settings import ChatSettings, DemoSource
from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind
from sources.demo import SimulatedChat, simulate


@lru_cache(maxsize=4)
def _simulated(demo: DemoSource, chat: ChatSettings) -> SimulatedChat:
    return simulate(
        weeks=demo.weeks,
        seed=demo.seed,
        end_week=demo.end_week,
        hashtag=chat.hashtags[0],
        timezone=chat.timezone,
        hosts=tuple(chat.hosts),
        sponsor=chat.sponsors[0] if chat.sponsors else "Sponsor",
        community_size=demo.community_size,
    )


def pull_simulated(
    demo: DemoSource, chat: ChatSettings, until: datetime
) -> dict[RecordKind, pl.DataFrame]:
    """Every simulated post and snapshot made before `until`, and the accounts seen by then."""
    data = _simulated(demo, chat)
    posts = data.posts.filter(pl.col("created_at") < until)
    snapshots = data.snapshots.filter(pl.col("captured_at") < until)
    seen = pl.concat(
        [
            posts.select("platform", pl.col("author_id").alias("account_id")),
            snapshots.select("platform", "account_id"),
        ]
    ).unique()
    accounts = data.accounts.join(seen, on=["platform", "account_id"], how="semi")
    return {POST: posts, ACCOUNT: accounts, SNAPSHOT: snapshots}
