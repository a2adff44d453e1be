"""The seeded simulator: a #TChat-like community's posts, accounts and follower snapshots."""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from sources.demo import community
from sources.demo.assemble import canonical_posts
from sources.demo.batch import PostIds
from sources.demo.calendar import calendar, last_complete_week
from sources.demo.chat import chat_week
from sources.demo.content import TOPICS
from sources.demo.gaming import GAMING_BEHAVIOURS, gaming_accounts, gaming_week
from sources.demo.snapshots import follower_snapshots
from sources.demo.writing import Week, questions

MIN_COMMUNITY = 10


@dataclass(frozen=True)
class SimulatedChat:
    """Canonical frames: posts (POST columns), accounts (ACCOUNT), snapshots (SNAPSHOT)."""

    posts: pl.DataFrame
    accounts: pl.DataFrame
    snapshots: pl.DataFrame


def simulate(
    weeks: int = 12,
    seed: int = 7,
    end_week: dt.date | None = None,
    *,
    hashtag: str = "TChat",
    timezone: str = "America/New_York",
    hosts: tuple[str, ...] = ("TalentCulture", "MeghanMBiro"),
    sponsor: str = "Monster_Works",
    community_size: int = 400,
    gaming: frozenset[str] = frozenset(),
) -> SimulatedChat:
    """A community's posts, accounts and follower snapshots for `weeks` weeks ending with end_week.

    `end_week` is the Monday of the last simulated ISO week in `timezone` (default: the last
    complete week). Each week the hosts (`hosts[0]` most) post a welcome thanking `sponsor`,
    Q1…Q6 in the hour from Wednesday 19:00 local and a wrap-up; `community_size` members answer,
    reply, repost, quote, mention and share links, with posts around the hour and some with other
    tags only. The same arguments give the same frames. `gaming` switches on behaviours of
    `GAMING_BEHAVIOURS`, each with its own accounts (see `sources.demo.gaming`).
    """
    hosts = tuple(h.removeprefix("@") for h in hosts)
    sponsor = sponsor.removeprefix("@")
    _check(weeks, end_week, hosts, sponsor, community_size, gaming)
    if isinstance(end_week, dt.datetime):
        end_week = end_week.date()
    cal = calendar(end_week or last_complete_week(timezone), weeks, timezone)
    rng = np.random.default_rng(seed)
    people = community.build(
        rng,
        weeks=weeks,
        hosts=hosts,
        sponsor=sponsor,
        size=community_size,
        extras=gaming_accounts(gaming),
    )
    ids = PostIds()
    topics = rng.permutation(len(TOPICS))
    batches: list[pl.DataFrame] = []
    for w in range(weeks):
        week = Week(
            index=w,
            start=int(cal.bounds[w]),
            end=int(cal.bounds[w + 1]),
            session=int(cal.sessions[w]),
            tag=hashtag,
            topic=int(topics[w % len(topics)]),
            people=people,
            ids=ids,
            rng=rng,
        )
        framing, asked = questions(week)
        batches += chat_week(week, people.attendees(w), framing, asked)
        batches += gaming_week(week, asked, gaming, burst_week=weeks // 2)
    work = pl.concat(batches)
    is_chat = pl.col("hashtags").list.eval(pl.element().str.to_lowercase() == hashtag.lower())
    activity = work.select("author", "created_us", is_chat.list.any().alias("chat"))
    return SimulatedChat(
        posts=canonical_posts(work, people, rng),
        accounts=people.accounts(int(cal.captures()[-1])),
        snapshots=follower_snapshots(rng, people, cal, activity),
    )


def _check(
    weeks: int,
    end_week: dt.date | None,
    hosts: tuple[str, ...],
    sponsor: str,
    size: int,
    gaming: frozenset[str],
) -> None:
    """Refuse arguments the simulation cannot honour, naming the argument."""
    unknown = set(gaming) - GAMING_BEHAVIOURS
    if unknown:
        raise ValueError(
            f"unknown gaming behaviour(s) {sorted(unknown)}; known: {sorted(GAMING_BEHAVIOURS)}"
        )
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    if end_week is not None and end_week.weekday() != 0:
        raise ValueError(f"end_week must be a Monday, not {end_week:%A} {end_week}")
    if not hosts:
        raise ValueError("at least one host is needed to ask the questions")
    if any(not h or any(c.isspace() for c in h) for h in (*hosts, sponsor)):
        raise ValueError("host and sponsor handles must be non-empty and without spaces")
    if size < MIN_COMMUNITY:
        raise ValueError(f"community_size must be at least {MIN_COMMUNITY}, not {size}")
