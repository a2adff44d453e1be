"""Who takes part: hosts, the sponsor, the ordinary community and any gaming accounts."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from sources.demo.batch import pick
from sources.demo.content import FIRST_NAMES, HTML_NAME, LAST_NAMES, NAME_SUFFIXES, ROLES

PLATFORM = "demo"
REGULAR_SHARE = 0.06


@dataclass(frozen=True)
class Community:
    """Every simulated account, by index: hosts first, then the sponsor, members, extras."""

    ids: np.ndarray
    handles: np.ndarray
    names: np.ndarray
    followers: np.ndarray
    appeal: np.ndarray
    answer_rate: np.ndarray
    repost_rate: np.ndarray
    hosts: np.ndarray
    sponsor: int
    members: np.ndarray
    attend: np.ndarray

    def index(self, handle: str) -> int:
        """Index of the account with this handle."""
        return int(np.flatnonzero(self.handles == handle)[0])

    def attendees(self, week: int) -> np.ndarray:
        """Members who take part in the chat in this week."""
        return self.members[self.attend[:, week]]

    def accounts(self, observed_us: int) -> pl.DataFrame:
        """The canonical account rows, read once at `observed_us`."""
        n = len(self.ids)
        return pl.DataFrame(
            {
                "platform": pl.repeat(PLATFORM, n, dtype=pl.String, eager=True),
                "account_id": pl.Series(values=self.ids, dtype=pl.String),
                "handle": pl.Series(values=self.handles, dtype=pl.String),
                "display_name": pl.Series(values=self.names, dtype=pl.String),
                "observed_at": pl.Series(values=np.full(n, observed_us), dtype=pl.Int64).cast(
                    pl.Datetime("us", "UTC")
                ),
                "asks_not_to_be_indexed": pl.repeat(None, n, dtype=pl.Boolean, eager=True),
            }
        )


def build(
    rng: np.random.Generator,
    *,
    weeks: int,
    hosts: Sequence[str],
    sponsor: str,
    size: int,
    extras: Sequence[tuple[str, float]],
) -> Community:
    """`size` members around the hosts and sponsor, plus `extras` as (handle, followers)."""
    fixed = len(hosts) + 1
    members = np.arange(fixed, fixed + size)
    handles, names = _member_names(rng, size)
    extra_handles = [h for h, _ in extras]
    all_handles = _unique_handles(
        pl.concat(
            [
                pl.Series([*hosts, sponsor], dtype=pl.String),
                handles,
                pl.Series(extra_handles, dtype=pl.String),
            ]
        )
    )
    all_names = np.concatenate(
        [
            np.array([_spaced(h) for h in (*hosts, sponsor)], dtype=object),
            names,
            np.array(extra_handles, dtype=object),
        ]
    )
    regular = rng.random(size) < REGULAR_SHARE
    regular[: min(3, size)] = True
    followers = np.concatenate(
        [
            100_000 * 0.6 ** np.arange(len(hosts)) * rng.lognormal(0, 0.1, len(hosts)),
            [90_000 * rng.lognormal(0, 0.1)],
            np.clip(rng.lognormal(6.0 + 0.8 * regular, 1.6), 8, 150_000),
            np.array([f for _, f in extras]) * rng.lognormal(0, 0.3, len(extras)),
        ]
    )
    total = len(followers)
    answer_rate = np.zeros(total)
    answer_rate[members] = np.where(regular, rng.uniform(0.6, 0.95, size), rng.beta(1.5, 2.0, size))
    repost_rate = np.zeros(total)
    repost_rate[members] = rng.beta(1.0, 3.0, size) + 0.02
    attend = _attendance(rng, regular, weeks)
    long_ids = np.concatenate(
        [np.zeros(fixed, bool), rng.random(size) < 0.6, np.ones(len(extras), bool)]
    )
    if size >= 2:
        long_ids[fixed : fixed + 2] = (True, False)  # both kinds of id always occur
    return Community(
        ids=_account_ids(rng, long_ids),
        handles=all_handles,
        names=all_names,
        followers=np.rint(followers),
        appeal=followers**0.35 * rng.lognormal(0, 0.6, total),
        answer_rate=answer_rate,
        repost_rate=repost_rate,
        hosts=np.arange(len(hosts)),
        sponsor=len(hosts),
        members=members,
        attend=attend,
    )


def _attendance(rng: np.random.Generator, regular: np.ndarray, weeks: int) -> np.ndarray:
    """Which members take part each week: regulars mostly, newcomers join, some drift away."""
    size = len(regular)
    keen = np.where(
        regular, rng.uniform(0.8, 0.97, size), np.clip(rng.beta(0.8, 4.0, size), 0.03, 1)
    )
    existing = regular | (rng.random(size) < 0.6)
    join = np.where(existing, 0, rng.integers(0, weeks, size))
    drifts = ~regular & (rng.random(size) < 0.2)
    leave = np.where(drifts, join + 1 + rng.geometric(0.2, size), weeks)
    week = np.arange(weeks)[None, :]
    attend = (
        (week >= join[:, None])
        & (week < leave[:, None])
        & (rng.random((size, weeks)) < keen[:, None])
    )
    if weeks >= 6 and rng.random() < 0.4:  # an occasional holiday week: most people are away
        attend[:, rng.integers(1, weeks - 1)] &= rng.random(size) < 0.3
    # Newcomers take part in the week they join; every member takes part at least once.
    forced = np.flatnonzero(~existing | ~attend.any(axis=1))
    first = np.where(existing, rng.integers(0, weeks, size), join)
    attend[forced, first[forced]] = True
    return attend


def _member_names(rng: np.random.Generator, size: int) -> tuple[pl.Series, np.ndarray]:
    """Handles and display names of members, some with non-ASCII or HTML-like characters."""
    first = rng.integers(len(FIRST_NAMES), size=size)
    last = rng.integers(len(LAST_NAMES), size=size)
    parts = pl.DataFrame(
        {
            "f": pick([a for a, _ in FIRST_NAMES], first),
            "l": pick([a for a, _ in LAST_NAMES], last),
            "F": pick([d for _, d in FIRST_NAMES], first),
            "L": pick([d for _, d in LAST_NAMES], last),
            "r": pick(ROLES, rng.integers(len(ROLES), size=size)),
            "d": rng.integers(10, 100, size=size).astype(str).astype(object),
            "s": pick(NAME_SUFFIXES, rng.integers(len(NAME_SUFFIXES), size=size)),
            "p": rng.choice(5, size=size, p=[0.3, 0.2, 0.2, 0.1, 0.2]),
        },
        schema_overrides={
            "f": pl.String,
            "l": pl.String,
            "F": pl.String,
            "L": pl.String,
            "r": pl.String,
            "d": pl.String,
            "s": pl.String,
        },
    )
    first_name, last_name, role, digits = (pl.col(c) for c in "flrd")
    title_first, title_last = first_name.str.to_titlecase(), last_name.str.to_titlecase()
    handle = (
        pl.when(pl.col("p") == 0)
        .then(pl.concat_str(title_first, title_last))
        .when(pl.col("p") == 1)
        .then(pl.concat_str(first_name, pl.lit("_"), role.str.to_lowercase()))
        .when(pl.col("p") == 2)
        .then(pl.concat_str(title_first, role, digits))
        .when(pl.col("p") == 3)
        .then(pl.concat_str(role, pl.lit("With"), title_first))
        .otherwise(pl.concat_str(first_name, last_name, digits))
    )
    name = pl.concat_str(pl.col("F"), pl.lit(" "), pl.col("L"), pl.col("s"))
    out = parts.select(handle.alias("h"), name.alias("n"))
    names = out["n"].to_numpy().astype(object)
    names[rng.random(size) < 0.02] = None  # some accounts show no display name
    if size:
        names[0] = HTML_NAME
    return out["h"], names


def _unique_handles(handles: pl.Series) -> np.ndarray:
    """Handles made unique case-insensitively by suffixing repeats; earlier ones keep theirs."""
    frame = pl.DataFrame({"h": handles})
    nth = pl.col("h").str.to_lowercase().cum_count().over(pl.col("h").str.to_lowercase())
    unique = pl.when(nth > 1).then(pl.concat_str(pl.col("h"), pl.lit("_"), nth.cast(pl.String)))
    return frame.select(unique.otherwise(pl.col("h"))).to_series().to_numpy().astype(object)


def _spaced(handle: str) -> str:
    """A display name from a handle: `MeghanMBiro` → `Meghan M Biro`."""
    frame = pl.DataFrame({"h": [handle]})
    spaced = (
        pl.col("h")
        .str.replace_all(r"([a-z])([A-Z])", "${1} ${2}")
        .str.replace_all(r"([A-Z])([A-Z][a-z])", "${1} ${2}")
        .str.replace_all("_", " ")
    )
    return frame.select(spaced).item()


def _account_ids(rng: np.random.Generator, long: np.ndarray) -> np.ndarray:
    """Unique ids as text: old short ones, and 19-digit ones beyond 2^53 like recent X ids."""
    n = len(long)
    short = 1_000_000 + np.cumsum(rng.integers(1, 2_000_000, n))
    big = 1_100_000_000_000_000_000 + np.cumsum(rng.integers(1, 10**14, n))
    ids = np.where(long, rng.permutation(big), rng.permutation(short))
    return ids.astype(str).astype(object)
