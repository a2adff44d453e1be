"""A year of a busy chat network as canonical Parquet files, seeded and generated in numpy.

The shape of `bench_scale`: `accounts` accounts with heavy-tailed activity and followers, one
weekly session of `posts_per_week` posts (most inside the chat's hour, hosts asking Q1..Q6),
and follower snapshots of each week's participants on several days of that week.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

PLATFORM = "x"
HASHTAG = "TChat"
HOSTS = 2
QUESTIONS = 6
SNAPSHOT_DAYS = (0, 2, 3, 4, 6)
"""Days of the week (Monday = 0) on which the week's participants are looked up."""

POST_COLUMNS = (
    "platform post_id author_id author_handle created_at text kind reply_to_post_id "
    "reply_to_account_id referenced_post_id referenced_account_id mention_ids hashtags urls "
    "like_count repost_count reply_count quote_count observed_at"
).split()

WORDS = np.array(
    "talent culture hiring remote work leaders teams trust feedback growth career coaching "
    "onboarding values wellbeing skills learning change voice inclusion mentors burnout "
    "recruiting interview candidate manager pay purpose hybrid office metrics story".split()
)


@dataclass(frozen=True)
class Shape:
    """How big the generated network is."""

    accounts: int = 50_000
    weeks: int = 52
    posts_per_week: int = 19_000
    participants_per_week: int = 9_000
    last_week: date = date(2026, 11, 16)
    seed: int = 2026
    chat: str = "tchat"

    @property
    def first_week(self) -> date:
        return self.last_week - timedelta(weeks=self.weeks - 1)


@dataclass(frozen=True)
class Files:
    """The generated files: everything before the last week, and the last week alone."""

    posts: Path
    snapshots: Path
    accounts: Path
    last_posts: Path
    last_snapshots: Path


def files_in(folder: Path) -> Files:
    """Where `generate` writes its files in `folder`."""
    names = ("posts", "snapshots", "accounts", "last_posts", "last_snapshots")
    return Files(*(folder / f"{name}.parquet" for name in names))


def _session_start(week: date, offset: int) -> datetime:
    # Wednesday 20:00 in New York is 01:00 UTC on Thursday (00:00 in summer: close enough for load)
    return datetime.combine(week + timedelta(days=3), datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=1, seconds=offset
    )


def _texts(rng: np.random.Generator, n: int, prefixes: np.ndarray) -> pl.Series:
    words = WORDS[rng.integers(0, len(WORDS), size=(n, 8))]
    frame = pl.DataFrame({f"w{i}": words[:, i] for i in range(8)}).with_columns(
        prefix=pl.Series(prefixes)
    )
    return frame.select(
        pl.concat_str(["prefix", *[f"w{i}" for i in range(8)]], separator=" ")
        + pl.lit(f" #{HASHTAG}")
    ).to_series()


def _week_posts(
    rng: np.random.Generator, shape: Shape, week_index: int, activity: np.ndarray, start_id: int
) -> tuple[pl.DataFrame, np.ndarray]:
    week = shape.first_week + timedelta(weeks=week_index)
    n = shape.posts_per_week
    participants = rng.choice(
        np.arange(HOSTS, shape.accounts),
        size=shape.participants_per_week - HOSTS,
        replace=False,
        p=activity[HOSTS:] / activity[HOSTS:].sum(),
    )
    participants = np.concatenate([np.arange(HOSTS), participants])
    weights = activity[participants] / activity[participants].sum()
    authors = np.concatenate(
        [participants, rng.choice(participants, size=n - len(participants), p=weights)]
    )
    rng.shuffle(authors)
    questions = np.arange(QUESTIONS)
    authors[questions] = questions % HOSTS  # the hosts ask Q1..Q6, first
    offsets = np.sort(rng.integers(0, 3600, size=n))
    offsets[questions] = questions * 600
    outside = rng.random(n) < 0.08  # some activity during the rest of the week
    offsets = np.where(outside, rng.integers(-3 * 86400, 3 * 86400, size=n), offsets)
    kind = rng.choice(
        np.array(["original", "reply", "repost", "quote"]), size=n, p=[0.35, 0.3, 0.25, 0.1]
    )
    kind[questions] = "original"
    post_ids = np.arange(start_id, start_id + n)
    referenced = rng.integers(0, n, size=n)
    answer = rng.integers(1, QUESTIONS + 1, size=n)
    prefixes = np.where(
        (kind == "original") | (kind == "reply"), np.char.add("A", answer.astype(str)), ""
    ).astype("<U3")
    prefixes[questions] = np.char.add("Q", (questions + 1).astype(str))
    mention_count = rng.choice(np.array([0, 0, 1, 2]), size=n)
    mentioned = rng.choice(participants, size=(n, 2))
    created = np.datetime64(_session_start(week, 0).replace(tzinfo=None), "us") + offsets.astype(
        "timedelta64[s]"
    )
    observed = datetime.combine(week + timedelta(days=8), datetime.min.time(), tzinfo=UTC)
    is_reply, is_ref = kind == "reply", (kind == "repost") | (kind == "quote")
    target_posts = post_ids[referenced].astype(str)
    target_authors = authors[referenced].astype(str)
    has_url = rng.random(n) < 0.06
    frame = pl.DataFrame(
        {
            "platform": PLATFORM,
            "post_id": post_ids.astype(str),
            "author_id": authors.astype(str),
            "author_handle": np.char.add("member", authors.astype(str)),
            "created_at": pl.Series(created).dt.replace_time_zone("UTC"),
            "text": _texts(rng, n, prefixes),
            "kind": kind,
            "target_post": target_posts,
            "target_author": target_authors,
            "is_reply": is_reply,
            "is_ref": is_ref,
            "m0": mentioned[:, 0].astype(str),
            "m1": mentioned[:, 1].astype(str),
            "mentions": mention_count,
            "hashtags": pl.Series([[HASHTAG]] * n),
            "url": np.char.add(
                f"https://example.org/read/{week_index}/", (post_ids % 40).astype(str)
            ),
            "has_url": has_url.astype(np.int64),
            "like_count": rng.geometric(0.3, size=n) - 1,
            "repost_count": rng.geometric(0.5, size=n) - 1,
            "reply_count": rng.geometric(0.5, size=n) - 1,
            "quote_count": rng.geometric(0.8, size=n) - 1,
            "observed_at": observed,
        }
    ).with_columns(
        mention_ids=pl.concat_list("m0", "m1").list.head("mentions"),
        urls=pl.concat_list("url").list.head("has_url"),
        reply_to_post_id=pl.when("is_reply").then("target_post"),
        reply_to_account_id=pl.when("is_reply").then("target_author"),
        referenced_post_id=pl.when("is_ref").then("target_post"),
        referenced_account_id=pl.when("is_ref").then("target_author"),
    )
    return frame.select(POST_COLUMNS), participants


def _week_snapshots(
    rng: np.random.Generator, shape: Shape, week_index: int, participants: np.ndarray, base
) -> pl.DataFrame:
    week = shape.first_week + timedelta(weeks=week_index)
    days = np.array(SNAPSHOT_DAYS)
    accounts = np.repeat(participants, len(days))
    day = np.tile(days, len(participants))
    seconds = rng.integers(0, 86400, size=len(accounts))
    growth = 1 + 0.002 * (week_index * 7 + day)
    monday = datetime.combine(week, datetime.min.time(), tzinfo=UTC)
    captured = np.datetime64(monday.replace(tzinfo=None), "us") + (day * 86400 + seconds).astype(
        "timedelta64[s]"
    )
    return pl.DataFrame(
        {
            "platform": PLATFORM,
            "account_id": accounts.astype(str),
            "captured_at": pl.Series(captured).dt.replace_time_zone("UTC"),
            "followers_count": (base[accounts] * growth).astype(np.int64),
            "following_count": (base[accounts] // 3).astype(np.int64),
            "posts_count": (np.int64(1000) + accounts % 5000).astype(np.int64),
        }
    )


def generate(shape: Shape, folder: Path) -> Files:
    """Write the network's files into `folder`; the same shape and seed give the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(shape.seed)
    activity = rng.pareto(1.2, size=shape.accounts) + 0.05
    activity[:HOSTS] = activity.max()
    followers = np.minimum(rng.lognormal(6.0, 1.6, size=shape.accounts), 5e6).astype(np.int64)
    files = files_in(folder)
    posts, snapshots = [], []
    for week_index in range(shape.weeks):
        frame, participants = _week_posts(
            rng, shape, week_index, activity, week_index * shape.posts_per_week
        )
        posts.append(frame)
        snapshots.append(_week_snapshots(rng, shape, week_index, participants, followers))
    pl.concat(posts[:-1]).write_parquet(files.posts)
    pl.concat(snapshots[:-1]).write_parquet(files.snapshots)
    posts[-1].write_parquet(files.last_posts)
    snapshots[-1].write_parquet(files.last_snapshots)
    ids = np.arange(shape.accounts)
    pl.DataFrame(
        {
            "platform": PLATFORM,
            "account_id": ids.astype(str),
            "handle": np.char.add("member", ids.astype(str)),
            "display_name": np.char.add("Member ", ids.astype(str)),
            "observed_at": datetime.combine(shape.first_week, datetime.min.time(), tzinfo=UTC),
        }
    ).write_parquet(files.accounts)
    return files
