"""How each kind of post of a week is written: questions, answers, replies, reposts, quotes."""

from dataclasses import dataclass

import numpy as np
import polars as pl

from sources.demo.batch import Part, PostIds, batch, pick, where, words
from sources.demo.calendar import MINUTE, US
from sources.demo.community import Community
from sources.demo.content import (
    ARTICLES,
    BODIES,
    CLOSERS,
    OPENERS,
    QUOTE_COMMENTS,
    TOPICS,
    url_variants,
)

QUESTIONS_PER_SESSION = 6
EXTRA_TAGS = ("HR", "FutureOfWork", "Leadership")
_URLS = np.array([v for url in ARTICLES for v in url_variants(url)], dtype=object)


@dataclass(frozen=True)
class Week:
    """One simulated week: its bounds and session (µs), topic, and the shared generators."""

    index: int
    start: int
    end: int
    session: int
    tag: str
    topic: int
    people: Community
    ids: PostIds
    rng: np.random.Generator

    @property
    def title(self) -> str:
        return TOPICS[self.topic][0]

    def clip(self, instants: np.ndarray) -> np.ndarray:
        """Instants held inside the week."""
        return np.clip(np.asarray(instants, dtype=np.int64), self.start, self.end - US)

    def after(
        self, instants: np.ndarray, mean_seconds: float, least_seconds: float = 5
    ) -> np.ndarray:
        """A while after each instant (exponential delay), inside the week."""
        delay = least_seconds + self.rng.exponential(mean_seconds, len(instants))
        return self.clip(instants + (delay * US).astype(np.int64))

    def uniform(self, first: int, last: int, n: int) -> np.ndarray:
        """`n` instants spread evenly at random between two instants, inside the week."""
        return self.clip(self.rng.integers(first, max(last, first + 1), n))

    def tags(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The chat tag as each of `n` people writes it (mostly as configured), bare and with #."""
        spellings = (self.tag, self.tag.lower(), self.tag.upper())
        chosen = self.rng.choice(3, n, p=[0.85, 0.12, 0.03])
        return pick(spellings, chosen), pick([f"#{s}" for s in spellings], chosen)

    def links(self, n: int) -> np.ndarray:
        """Shared links: a few recurring articles under their various spellings."""
        return _URLS[self.rng.integers(len(_URLS), size=n)]

    def at(self, accounts: np.ndarray) -> np.ndarray:
        """`@handle` of each account."""
        return "@" + self.people.handles[accounts]


@dataclass(frozen=True)
class Questions:
    """The six questions of a session: post ids, instants and asking hosts."""

    ids: np.ndarray
    times: np.ndarray
    authors: np.ndarray


def questions(week: Week) -> tuple[pl.DataFrame, Questions]:
    """The hosts' welcome (thanking the sponsor), Q1…Q6 about ten minutes apart, and a wrap-up."""
    hosts, rng, n = week.people.hosts, week.rng, QUESTIONS_PER_SESSION
    share = np.full(len(hosts), 0.3 / max(len(hosts) - 1, 1))
    share[0] = 1.0 if len(hosts) == 1 else 0.7  # the main host asks most questions
    authors = rng.choice(hosts, n, p=share)
    offsets = (2.5 + 9.5 * np.arange(n)) * MINUTE + rng.integers(-30, 30, n) * US
    times = week.session + offsets.astype(np.int64)
    labels = pick([f"Q{i + 1}" for i in range(n)], np.arange(n))
    asked = batch(
        week.ids,
        author=authors,
        created=times,
        kind="original",
        role="question",
        text=words(labels, pick(TOPICS[week.topic][1], np.arange(n)), f"#{week.tag}", n=n),
        hashtags=(week.tag,),
    )
    sponsor = week.people.handles[week.people.sponsor]
    link = week.links(1)
    framing = batch(
        week.ids,
        author=np.full(2, hosts[0]),
        created=week.session + np.array([rng.integers(0, 60), 58 * 60]) * US,
        kind="original",
        role="intro",
        text=pl.Series(
            [
                f"Welcome to #{week.tag}! Tonight: {week.title}. "
                f"Thanks to our sponsor @{sponsor} {link[0]}",
                f"That's a wrap on #{week.tag}! Thank you all, and thanks @{sponsor}. "
                "See you next week 👋",
            ]
        ),
        hashtags=(week.tag,),
        mentions=(np.full(2, week.people.sponsor),),
        urls=(np.array([link[0], None], dtype=object),),
    )
    return pl.concat([framing, asked]), Questions(asked["post_id"].to_numpy(), times, authors)


def answer_batch(
    week: Week,
    asked: Questions,
    author: np.ndarray,
    number: np.ndarray,
    created: np.ndarray,
    form: np.ndarray,
) -> pl.DataFrame:
    """Answers `A<n> …` to question `number` (0-based); form 0 plain, 1 `@host A<n>`, 2 a reply
    to the question, 3 a reply without the `A<n>` label."""
    n, rng, people = len(author), week.rng, week.people
    host = asked.authors[number]
    addressed, replying = form >= 1, form >= 2
    thanks_sponsor = rng.random(n) < 0.04
    linked = rng.random(n) < 0.08
    extra = rng.random(n) < 0.1
    extra_tag = rng.integers(len(EXTRA_TAGS), size=n)
    links = week.links(n)
    written, hashed = week.tags(n)
    text = words(
        where(addressed, week.at(host)),
        where(form != 3, pick([f"A{i + 1}" for i in range(QUESTIONS_PER_SESSION)], number)),
        pick(OPENERS, rng.integers(len(OPENERS), size=n)),
        pick(BODIES, rng.integers(len(BODIES), size=n)),
        where(rng.random(n) < 0.8, pick(CLOSERS, rng.integers(len(CLOSERS), size=n))),
        where(thanks_sponsor, f"@{people.handles[people.sponsor]}"),
        where(linked, links),
        hashed,
        where(extra, pick([f"#{t}" for t in EXTRA_TAGS], extra_tag)),
        n=n,
    )
    return batch(
        week.ids,
        author=author,
        created=created,
        role="answer",
        kind=np.where(replying, "reply", "original"),
        text=text,
        hashtags=(written, where(extra, pick(EXTRA_TAGS, extra_tag))),
        mentions=(np.where(addressed, host, -1), np.where(thanks_sponsor, people.sponsor, -1)),
        urls=(where(linked, links),),
        reply_to_post=where(replying, asked.ids[number]),
        reply_to=where(replying, host),
    )


def reply_batch(
    week: Week,
    author: np.ndarray,
    created: np.ndarray,
    target_post: np.ndarray,
    target_author: np.ndarray,
    phrases: tuple[str, ...],
    friend: np.ndarray | None = None,
) -> pl.DataFrame:
    """Replies `@target <phrase> [@friend] #tag`, mentioning whom they answer (as X does)."""
    n = len(author)
    friend = np.full(n, -1) if friend is None else friend
    written, hashed = week.tags(n)
    text = words(
        week.at(target_author),
        pick(phrases, week.rng.integers(len(phrases), size=n)),
        where(friend >= 0, week.at(np.maximum(friend, 0))),
        hashed,
        n=n,
    )
    return batch(
        week.ids,
        author=author,
        created=created,
        kind="reply",
        role="reply",
        text=text,
        hashtags=(written,),
        mentions=(target_author, friend),
        reply_to_post=target_post,
        reply_to=target_author,
    )


def repost_batch(
    week: Week, author: np.ndarray, created: np.ndarray, target_post: np.ndarray
) -> pl.DataFrame:
    """Reposts; their text, tags, links, mentions and referenced author are copied later."""
    return batch(
        week.ids,
        author=author,
        created=created,
        kind="repost",
        role="repost",
        ref_post=target_post,
    )


def quote_batch(
    week: Week,
    author: np.ndarray,
    created: np.ndarray,
    target_post: np.ndarray,
    target_author: np.ndarray,
) -> pl.DataFrame:
    """Quotes with a short comment, a few of them thanking the sponsor."""
    n, people = len(author), week.people
    thanks_sponsor = week.rng.random(n) < 0.1
    written, hashed = week.tags(n)
    text = words(
        pick(QUOTE_COMMENTS, week.rng.integers(len(QUOTE_COMMENTS), size=n)),
        where(thanks_sponsor, f"@{people.handles[people.sponsor]}"),
        hashed,
        n=n,
    )
    return batch(
        week.ids,
        author=author,
        created=created,
        kind="quote",
        role="quote",
        text=text,
        hashtags=(written,),
        mentions=(np.where(thanks_sponsor, people.sponsor, -1),),
        ref_post=target_post,
        ref=target_author,
    )


def mention_batch(
    week: Week,
    author: np.ndarray,
    created: np.ndarray,
    mentioned: tuple[np.ndarray, ...],
    lead: Part,
    tail: Part,
    role: str,
) -> pl.DataFrame:
    """Original posts `<lead> @a @b … <tail> #tag` naming accounts (-1: nobody)."""
    n = len(author)
    written, hashed = week.tags(n)
    named = [where(m >= 0, week.at(np.maximum(m, 0))) for m in mentioned]
    return batch(
        week.ids,
        author=author,
        created=created,
        kind="original",
        role=role,
        text=words(lead, *named, tail, hashed, n=n),
        hashtags=(written,),
        mentions=mentioned,
    )
