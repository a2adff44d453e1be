"""Daily follower snapshots, growing faster after the sessions an account takes part in."""

import numpy as np
import polars as pl

from sources.demo.calendar import Calendar
from sources.demo.community import PLATFORM, Community

BASE_DAILY_GROWTH = 0.0004
DAILY_NOISE = 0.001
UNTRACKED_SHARE = 0.01


def follower_snapshots(
    rng: np.random.Generator, people: Community, cal: Calendar, activity: pl.DataFrame
) -> pl.DataFrame:
    """One snapshot per account and day from its first appearance (from the start for those
    active in the first week); a few members are never captured.

    `activity` holds one row per post: `author` (index), `created_us`, `chat` (is a chat post).
    """
    captures = cal.captures()
    accounts = len(people.ids)
    author = activity["author"].to_numpy()
    created = activity["created_us"].to_numpy()
    followers = _followers(rng, people, cal, captures, _chat_posts(cal, activity, accounts))
    first_post = np.full(accounts, cal.bounds[-1])
    np.minimum.at(first_post, author, created)
    newcomer = (first_post >= cal.bounds[1]) & (first_post < cal.bounds[-1])
    start = np.where(newcomer, np.searchsorted(captures, first_post).clip(max=len(captures) - 1), 0)
    tracked = np.arange(len(captures))[None, :] >= start[:, None]
    untracked = rng.choice(
        people.members, max(2, round(UNTRACKED_SHARE * len(people.members))), replace=False
    )
    tracked[untracked] = False
    account, day = np.nonzero(tracked)
    following = _following(rng, people)[account] + np.floor(
        day * rng.uniform(0, 0.5, accounts)[account]
    )
    posts = _posts_counts(rng, captures, author, created, accounts)[account, day]
    return pl.DataFrame(
        {
            "platform": pl.repeat(PLATFORM, len(account), dtype=pl.String, eager=True),
            "account_id": pl.Series(values=people.ids[account], dtype=pl.String),
            "captured_at": pl.Series(values=captures[day], dtype=pl.Int64).cast(
                pl.Datetime("us", "UTC")
            ),
            "followers_count": pl.Series(values=followers[account, day], dtype=pl.Int64),
            "following_count": _sometimes(rng, following, account, accounts, 0.07),
            "posts_count": _sometimes(rng, posts, account, accounts, 0.05),
        }
    )


def _chat_posts(cal: Calendar, activity: pl.DataFrame, accounts: int) -> np.ndarray:
    """Chat posts of each account in each week, as an (accounts, weeks) matrix."""
    chat = activity.filter(pl.col("chat"))
    week = cal.week_of(chat["created_us"].to_numpy())
    cell = chat["author"].to_numpy().astype(np.int64) * cal.weeks + week
    return np.bincount(cell, minlength=accounts * cal.weeks).reshape(accounts, cal.weeks)


def _followers(
    rng: np.random.Generator,
    people: Community,
    cal: Calendar,
    captures: np.ndarray,
    chat_posts: np.ndarray,
) -> np.ndarray:
    """Followers per account and capture: slow drift and noise, plus a lift on the days after
    each session the account took part in (more for small accounts and busy weeks)."""
    accounts, days = len(people.ids), len(captures)
    week = cal.week_of(captures)
    after_session = captures > cal.sessions[week]
    lift_days = np.bincount(week[after_session], minlength=cal.weeks).clip(min=1)
    weekly_lift = 0.008 + 0.25 / np.sqrt(np.maximum(people.followers, 1))
    busy = np.where(chat_posts > 0, np.clip(0.5 + chat_posts / 8, 0.5, 1.5), 0.0)
    lift = weekly_lift[:, None] * (busy / lift_days)[:, week] * after_session[None, :]
    drift = rng.normal(BASE_DAILY_GROWTH, BASE_DAILY_GROWTH, accounts)
    steps = drift[:, None] + lift + rng.normal(0, DAILY_NOISE, (accounts, days))
    steps[:, 0] = 0.0
    return np.rint(people.followers[:, None] * np.exp(np.cumsum(steps, axis=1))).astype(np.int64)


def _following(rng: np.random.Generator, people: Community) -> np.ndarray:
    """Accounts each one follows at the start: loosely tied to its own audience."""
    return np.rint(
        np.maximum(people.followers, 1) ** 0.7 * rng.lognormal(1.0, 0.6, len(people.ids))
    )


def _posts_counts(
    rng: np.random.Generator,
    captures: np.ndarray,
    author: np.ndarray,
    created: np.ndarray,
    accounts: int,
) -> np.ndarray:
    """Posts made by each capture: an earlier history, posts elsewhere, and the simulated ones."""
    days = len(captures)
    captured_by = np.searchsorted(captures, created)  # first capture that sees the post
    seen = captured_by < days
    cell = author[seen].astype(np.int64) * days + captured_by[seen]
    simulated = np.bincount(cell, minlength=accounts * days).reshape(accounts, days).cumsum(axis=1)
    history = np.rint(rng.lognormal(7.5, 1.2, accounts))
    elsewhere = np.floor(np.arange(days)[None, :] * rng.uniform(0.5, 8, accounts)[:, None])
    return (history[:, None] + elsewhere + simulated).astype(np.int64)


def _sometimes(
    rng: np.random.Generator, values: np.ndarray, account: np.ndarray, accounts: int, missing: float
) -> pl.Series:
    """Counts as Int64, missing for every snapshot of a share of accounts."""
    absent = (rng.random(accounts) < missing)[account]
    return pl.Series(values=values.astype(np.int64), dtype=pl.Int64).set(pl.Series(absent), None)
