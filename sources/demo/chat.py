"""An ordinary week of the community: who answers, replies, reposts, quotes and mentions whom."""

import numpy as np
import polars as pl

from sources.demo.batch import batch, empty, pick, where, words
from sources.demo.calendar import HOUR, MINUTE
from sources.demo.content import (
    AFTERTHOUGHTS,
    OTHER_TEXTS,
    REPLIES,
    SHOUTOUT_LEADS,
    TEASERS,
    THANKS,
)
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

REPLIES_PER_ANSWER = 0.45
REPLY_BACK_SHARE = 0.35
QUOTES_PER_POST = 0.06
REPOSTS_PER_POST = 0.5
HOST_REPOSTS = 4


def chat_week(
    week: Week, attendees: np.ndarray, framing: pl.DataFrame, asked: Questions
) -> list[pl.DataFrame]:
    """Every ordinary post of the week, in and around the session."""
    if len(attendees) == 0:
        return [framing, *_around(week, attendees)]
    answers = _answers(week, attendees, asked)
    lurkers = np.setdiff1d(attendees, answers["author"].to_numpy())
    quotes = _quotes(
        week, attendees, pl.concat([framing.filter(pl.col("role") == "question"), answers])
    )
    shared = pl.concat([framing, answers, quotes])
    return [
        framing,
        answers,
        *_replies(week, attendees, answers),
        quotes,
        _shoutouts(week, attendees),
        _reposts(week, attendees, lurkers, shared, answers),
        *_around(week, attendees),
    ]


def _answers(week: Week, attendees: np.ndarray, asked: Questions) -> pl.DataFrame:
    """Each attendee answers some questions, keen ones most, within minutes of each question."""
    rng = week.rng
    rate = week.people.answer_rate[attendees]
    who, number = np.nonzero(rng.random((len(attendees), QUESTIONS_PER_SESSION)) < rate[:, None])
    latest = week.session + 75 * MINUTE
    created = np.minimum(week.after(asked.times[number], 150, 10), latest)
    form = rng.choice(4, len(who), p=[0.5, 0.2, 0.2, 0.1])
    return answer_batch(week, asked, attendees[who], number, created, form)


def _weights(week: Week, authors: np.ndarray) -> np.ndarray:
    """Chance of each post's author to be replied to, reposted or quoted: heavy-tailed appeal."""
    appeal = week.people.appeal[authors]
    return appeal / appeal.sum()


def _replies(week: Week, attendees: np.ndarray, answers: pl.DataFrame) -> list[pl.DataFrame]:
    """Replies to answers (hosts reply a lot), a few tagging a friend; some get a reply back."""
    rng, people = week.rng, week.people
    n = int(REPLIES_PER_ANSWER * answers.height)
    if n == 0:
        return []
    target = rng.choice(answers.height, n, p=_weights(week, answers["author"].to_numpy()))
    target_author = answers["author"].to_numpy()[target]
    pool = np.concatenate([people.hosts, attendees])
    keen = np.concatenate([np.full(len(people.hosts), 4.0), people.answer_rate[attendees] + 0.1])
    spot = rng.choice(len(pool), n, p=keen / keen.sum())
    spot = np.where(pool[spot] == target_author, (spot + 1) % len(pool), spot)  # not to oneself
    replier = pool[spot]
    friend = np.where(rng.random(n) < 0.1, rng.choice(attendees, n), -1)
    friend = np.where((friend == replier) | (friend == target_author), -1, friend)
    created = week.after(answers["created_us"].to_numpy()[target], 120, 20)
    first = reply_batch(
        week,
        replier,
        created,
        answers["post_id"].to_numpy()[target],
        target_author,
        REPLIES,
        friend,
    )
    back = rng.random(n) < REPLY_BACK_SHARE
    second = reply_batch(
        week,
        target_author[back],
        week.after(created[back], 90, 15),
        first["post_id"].to_numpy()[back],
        replier[back],
        THANKS,
    )
    return [first, second]


def _quotes(week: Week, attendees: np.ndarray, quotable: pl.DataFrame) -> pl.DataFrame:
    """A few quotes of questions and popular answers."""
    rng = week.rng
    n = max(1, round(QUOTES_PER_POST * quotable.height))
    authors = quotable["author"].to_numpy()
    target = rng.choice(quotable.height, n, p=_weights(week, authors))
    spot = rng.integers(len(attendees), size=n)
    spot = np.where(attendees[spot] == authors[target], (spot + 1) % len(attendees), spot)
    created = week.after(quotable["created_us"].to_numpy()[target], 300, 30)
    return quote_batch(
        week, attendees[spot], created, quotable["post_id"].to_numpy()[target], authors[target]
    )


def _shoutouts(week: Week, attendees: np.ndarray) -> pl.DataFrame:
    """After the hour, a few attendees thank two or three others by name."""
    rng = week.rng
    author = attendees[rng.random(len(attendees)) < 0.06]
    n = len(author)
    if n == 0 or len(attendees) < 2:
        return empty()
    p = _weights(week, attendees)
    first, second, third = (rng.choice(attendees, n, p=p) for _ in range(3))
    second = np.where(second == first, -1, second)
    third = np.where((rng.random(n) < 0.5) | (third == first) | (third == second), -1, third)
    mentioned = tuple(np.where(m == author, -1, m) for m in (first, second, third))
    created = week.uniform(week.session + HOUR, week.session + HOUR + 45 * MINUTE, n)
    lead = pick(SHOUTOUT_LEADS, rng.integers(len(SHOUTOUT_LEADS), size=n))
    return mention_batch(week, author, created, mentioned, lead, "for a great", "shoutout")


def _reposts(
    week: Week,
    attendees: np.ndarray,
    lurkers: np.ndarray,
    shared: pl.DataFrame,
    answers: pl.DataFrame,
) -> pl.DataFrame:
    """Reposts of questions and answers: every lurker reposts, keen reposters more, hosts
    amplify answers, and the sponsor often reposts the welcome."""
    rng, people = week.rng, week.people
    extra = rng.choice(
        attendees,
        int(REPOSTS_PER_POST * shared.height),
        p=people.repost_rate[attendees] / people.repost_rate[attendees].sum(),
    )
    reposter = np.concatenate([lurkers, extra])
    authors = shared["author"].to_numpy()
    boost = np.where(shared["role"].is_in(["question", "intro"]).to_numpy(), 3.0, 1.0)
    weights = _weights(week, authors) * boost
    target = rng.choice(shared.height, len(reposter), p=weights / weights.sum())
    target = np.where(authors[target] == reposter, (target + 1) % shared.height, target)
    posts = shared["post_id"].to_numpy()[target]
    times = shared["created_us"].to_numpy()[target]
    if answers.height:
        pick_answer = rng.choice(
            answers.height,
            HOST_REPOSTS * len(people.hosts),
            p=_weights(week, answers["author"].to_numpy()),
        )
        reposter = np.concatenate([reposter, np.repeat(people.hosts, HOST_REPOSTS)])
        posts = np.concatenate([posts, answers["post_id"].to_numpy()[pick_answer]])
        times = np.concatenate([times, answers["created_us"].to_numpy()[pick_answer]])
    if rng.random() < 0.7:
        welcome = shared.filter(pl.col("role") == "intro").row(0, named=True)
        reposter = np.append(reposter, people.sponsor)
        posts = np.append(posts, welcome["post_id"])
        times = np.append(times, welcome["created_us"])
    return repost_batch(week, reposter, week.after(times, 240), posts)


def _around(week: Week, attendees: np.ndarray) -> list[pl.DataFrame]:
    """Posts outside the hour: the hosts' teaser, afterthoughts, the sponsor's article, and
    posts with other tags only (not chat posts)."""
    rng, people = week.rng, week.people
    link = week.links(1)[0]
    teaser = batch(
        week.ids,
        author=people.hosts[:1],
        created=week.uniform(week.start, week.session - 2 * HOUR, 1),
        kind="original",
        role="teaser",
        text=pl.Series(
            [
                f"{pick(TEASERS, rng.integers(len(TEASERS), size=1))[0]} #{week.tag} "
                f"— {week.title} {link}"
            ]
        ),
        hashtags=(week.tag,),
        urls=(link,),
    )
    thinking = attendees[rng.random(len(attendees)) < 0.1]
    n = len(thinking)
    written, hashed = week.tags(n)
    linked = rng.random(n) < 0.4
    links = week.links(n)
    afterthoughts = batch(
        week.ids,
        author=thinking,
        created=week.uniform(week.session + 2 * HOUR, week.end, n),
        kind="original",
        role="afterthought",
        text=words(
            pick(AFTERTHOUGHTS, rng.integers(len(AFTERTHOUGHTS), size=n)),
            hashed,
            f"on {week.title}",
            where(linked, links),
            n=n,
        ),
        hashtags=(written,),
        urls=(where(linked, links),),
    )
    frames = [teaser, afterthoughts, _elsewhere(week)]
    if rng.random() < 0.4:
        article = week.links(1)[0]
        frames.append(
            batch(
                week.ids,
                author=np.array([people.sponsor]),
                created=week.uniform(week.start, week.end, 1),
                kind="original",
                role="sponsor",
                text=pl.Series([f"Hiring is changing. Our latest read: {article} #{week.tag}"]),
                hashtags=(week.tag,),
                urls=(article,),
            )
        )
    return frames


def _elsewhere(week: Week) -> pl.DataFrame:
    """Members posting with other tags (`#TChatter`, `#HR`) or none: not chat posts."""
    rng, members = week.rng, week.people.members
    author = members[rng.random(len(members)) < 0.03]
    n = len(author)
    others = (f"{week.tag}ter", "HR", "FutureOfWork", None)
    chosen = rng.integers(len(others), size=n)
    tag = pick(others, chosen)
    hashed = pick([f"#{t}" if t else None for t in others], chosen)
    return batch(
        week.ids,
        author=author,
        created=week.uniform(week.start, week.end, n),
        kind="original",
        role="elsewhere",
        text=words(pick(OTHER_TEXTS, rng.integers(len(OTHER_TEXTS), size=n)), hashed, n=n),
        hashtags=(tag,),
    )
