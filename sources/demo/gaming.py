"""Switchable gaming behaviours, so that fraud detection downstream has something to find.

Each behaviour adds its own accounts (none exist while it is off):

- ``repost_ring``: ``ring_alpha``, ``ring_bravo``, ``ring_charlie``, ``ring_delta``,
  ``ring_echo``. Every week each posts four answers and every other member reposts all of
  them within minutes.
- ``mention_burst``: ``burst_star`` (answers twice a week, like an ordinary participant) and
  ``burst_bot01`` … ``burst_bot24`` (tiny new accounts). In the middle week (index
  ``weeks // 2``) the bots post 60 chat posts mentioning ``burst_star`` within 8 minutes.
- ``near_duplicates``: ``dup_poster`` posts 18–25 chat posts a week during the hour, all the
  same sentence with different endings or tag spellings.
- ``copied_answers``: ``copy_crew01`` … ``copy_crew06`` answer two questions a week, all six
  with the same sentence word for word (only the tag's spelling and an @host in front vary).
- ``few_sources``: ``puppet_master`` answers three questions a week; ``puppet_sock1`` and
  ``puppet_sock2`` reply to and repost every one of them, and quote or mention it — they are the
  only accounts that ever interact with ``puppet_master``.
"""

from collections.abc import Callable

import numpy as np
import polars as pl

from sources.demo.batch import batch, pick, where, words
from sources.demo.calendar import HOUR, MINUTE
from sources.demo.content import COPIED_ANSWERS, DUP_ENDINGS, DUP_LEAD, DUP_TAIL, HYPE, REPLIES
from sources.demo.writing import (
    QUESTIONS_PER_SESSION,
    Questions,
    Week,
    answer_batch,
    mention_batch,
    quote_batch,
    reply_batch,
    repost_batch,
)

RING = tuple(f"ring_{name}" for name in ("alpha", "bravo", "charlie", "delta", "echo"))
BURST_STAR = "burst_star"
BURST_BOTS = tuple(f"burst_bot{i:02d}" for i in range(1, 25))
DUP_POSTER = "dup_poster"
PUPPET_MASTER = "puppet_master"
PUPPET_SOCKS = ("puppet_sock1", "puppet_sock2")
COPY_CREW = tuple(f"copy_crew{i:02d}" for i in range(1, 7))
COPIED_PER_WEEK = 2
BURST_POSTS = 60
RING_ANSWERS = 4

ROLE_ACCOUNTS: dict[str, tuple[tuple[str, float], ...]] = {
    "repost_ring": tuple((handle, 900.0) for handle in RING),
    "mention_burst": ((BURST_STAR, 2500.0), *((handle, 15.0) for handle in BURST_BOTS)),
    "near_duplicates": ((DUP_POSTER, 400.0),),
    "copied_answers": tuple((handle, 300.0) for handle in COPY_CREW),
    "few_sources": ((PUPPET_MASTER, 1200.0), *((handle, 40.0) for handle in PUPPET_SOCKS)),
}
"""The accounts of each behaviour: (handle, typical followers)."""

GAMING_BEHAVIOURS: frozenset[str] = frozenset(ROLE_ACCOUNTS)


def manufactured(gaming: frozenset[str], weeks: int) -> pl.DataFrame:
    """The account-weeks each chosen behaviour manufactures, as a detector should find them:
    (behaviour, handle, week index). The ring, the copy crew, dup_poster and puppet_master
    play every week; burst_star is flooded in the burst week (`weeks // 2`) only. Bots and
    socks are means, not beneficiaries: they are not listed."""
    players = {
        "repost_ring": (RING, range(weeks)),
        "mention_burst": ((BURST_STAR,), (weeks // 2,)),
        "near_duplicates": ((DUP_POSTER,), range(weeks)),
        "few_sources": ((PUPPET_MASTER,), range(weeks)),
        "copied_answers": (COPY_CREW, range(weeks)),
    }
    rows = [
        (name, handle, week)
        for name in sorted(gaming)
        for handle in players[name][0]
        for week in players[name][1]
    ]
    return pl.DataFrame(
        rows, schema={"behaviour": pl.String, "handle": pl.String, "week": pl.Int64}, orient="row"
    )


def gaming_accounts(gaming: frozenset[str]) -> list[tuple[str, float]]:
    """The accounts the chosen behaviours need, in a fixed order."""
    return [account for name in sorted(gaming) for account in ROLE_ACCOUNTS[name]]


def gaming_week(
    week: Week, asked: Questions, gaming: frozenset[str], burst_week: int
) -> list[pl.DataFrame]:
    """The posts of the chosen behaviours in one week."""
    makers: dict[str, Callable[[], list[pl.DataFrame]]] = {
        "repost_ring": lambda: _ring(week, asked),
        "mention_burst": lambda: _burst(week, asked, burst_week),
        "near_duplicates": lambda: _duplicates(week),
        "few_sources": lambda: _puppets(week, asked),
        "copied_answers": lambda: _copied(week, asked),
    }
    return [frame for name in sorted(gaming) for frame in makers[name]()]


def _indices(week: Week, handles: tuple[str, ...]) -> np.ndarray:
    return np.array([week.people.index(handle) for handle in handles])


def _scripted_answers(week: Week, asked: Questions, author: np.ndarray) -> pl.DataFrame:
    """Plain `A<n>` answers by the given authors to random questions of the session."""
    number = week.rng.integers(QUESTIONS_PER_SESSION, size=len(author))
    created = week.after(asked.times[number], 120, 10)
    return answer_batch(week, asked, author, number, created, np.zeros(len(author), dtype=int))


def _ring(week: Week, asked: Questions) -> list[pl.DataFrame]:
    """Ring members answer, then every other member reposts each answer."""
    ring = _indices(week, RING)
    answers = _scripted_answers(week, asked, np.repeat(ring, RING_ANSWERS))
    source = np.repeat(np.arange(answers.height), len(ring))
    reposter = np.tile(ring, answers.height)
    keep = reposter != answers["author"].to_numpy()[source]
    source, reposter = source[keep], reposter[keep]
    created = week.after(answers["created_us"].to_numpy()[source], 60, 20)
    return [answers, repost_batch(week, reposter, created, answers["post_id"].to_numpy()[source])]


def _burst(week: Week, asked: Questions, burst_week: int) -> list[pl.DataFrame]:
    """burst_star answers like anyone; in one week, bots flood the chat with its name."""
    star = week.people.index(BURST_STAR)
    frames = [_scripted_answers(week, asked, np.full(2, star))]
    if week.index == burst_week:
        rng = week.rng
        start = week.session + 20 * MINUTE
        frames.append(
            mention_batch(
                week,
                rng.choice(_indices(week, BURST_BOTS), BURST_POSTS),
                week.uniform(start, start + 8 * MINUTE, BURST_POSTS),
                (np.full(BURST_POSTS, star),),
                None,
                pick(HYPE, rng.integers(len(HYPE), size=BURST_POSTS)),
                "burst",
            )
        )
    return frames


def _duplicates(week: Week) -> list[pl.DataFrame]:
    """dup_poster repeats one sentence all hour, varying only its ending and tag spelling."""
    rng = week.rng
    n = int(rng.integers(18, 26))
    written, hashed = week.tags(n)
    endings = pick(DUP_ENDINGS, rng.integers(len(DUP_ENDINGS), size=n))
    text = words(DUP_LEAD, hashed + ",", DUP_TAIL, n=n) + pl.Series(values=endings, dtype=pl.String)
    created = week.uniform(week.session, week.session + HOUR, n)
    author = np.full(n, week.people.index(DUP_POSTER))
    return [
        batch(
            week.ids,
            author=author,
            created=created,
            kind="original",
            role="duplicate",
            text=text,
            hashtags=(written,),
        )
    ]


def _puppets(week: Week, asked: Questions) -> list[pl.DataFrame]:
    """puppet_master answers; only its two socks reply, repost, quote and mention it."""
    master = week.people.index(PUPPET_MASTER)
    socks = _indices(week, PUPPET_SOCKS)
    answers = _scripted_answers(week, asked, np.full(3, master))
    ids, times = answers["post_id"].to_numpy(), answers["created_us"].to_numpy()
    author = np.repeat(socks, answers.height)
    target = np.tile(np.arange(answers.height), len(socks))
    owner = np.full(len(target), master)
    shout_time = week.uniform(week.session + HOUR, week.session + HOUR + 30 * MINUTE, 1)
    return [
        answers,
        reply_batch(week, author, week.after(times[target], 60, 10), ids[target], owner, REPLIES),
        repost_batch(week, author, week.after(times[target], 90, 10), ids[target]),
        quote_batch(week, socks[:1], week.after(times[:1], 200, 30), ids[:1], np.array([master])),
        mention_batch(
            week,
            socks[1:],
            shout_time,
            (np.array([master]),),
            "Shout-out to",
            "for a great",
            "shoutout",
        ),
    ]


def _copied(week: Week, asked: Questions) -> list[pl.DataFrame]:
    """The crew posts one sentence word for word as its answer to two questions of the week."""
    rng, crew = week.rng, _indices(week, COPY_CREW)
    numbers = rng.choice(QUESTIONS_PER_SESSION, COPIED_PER_WEEK, replace=False)
    sentences = rng.choice(len(COPIED_ANSWERS), COPIED_PER_WEEK, replace=False)
    number = np.repeat(numbers, len(crew))
    sentence = pick(COPIED_ANSWERS, np.repeat(sentences, len(crew)))
    author = np.tile(crew, COPIED_PER_WEEK)
    n = len(author)
    addressed = rng.random(n) < 0.3
    host = asked.authors[number]
    written, hashed = week.tags(n)
    labels = pick([f"A{i + 1}" for i in range(QUESTIONS_PER_SESSION)], number)
    return [
        batch(
            week.ids,
            author=author,
            created=week.after(asked.times[number], 90, 15),
            kind="original",
            role="copied",
            text=words(where(addressed, week.at(host)), labels, sentence, hashed, n=n),
            hashtags=(written,),
            mentions=(np.where(addressed, host, -1),),
        )
    ]
