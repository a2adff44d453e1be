"""How often each gaming signal is right: precision and recall on ten seeded gamed communities,
false-positive account-weeks on ten honest ones, all made by the simulator.

python -m benchmarks.gaming_accuracy

A gamed community has every behaviour of `sources.demo.GAMING_BEHAVIOURS` switched on; the
simulator says which account-weeks each one manufactures (`sources.demo.manufactured`). A flag
is right when it names such an account-week with the behaviour's signal. The table it prints is
published as `schemas.dictionary.GAMING_ACCURACY` (docs/metrics.md), and a test re-measures it.
"""

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from config.demo import demo_chat
from schemas.gaming_accuracy import COMMUNITIES, GAMING_ACCURACY, SignalAccuracy
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.demo import GAMING_BEHAVIOURS, manufactured, simulate
from transforms.build import build_chat
from transforms.gaming import SIGNALS
from warehouse.ingest import load_records
from warehouse.migrate import migrate
from warehouse.sql import sql_file

SEEDS = tuple(range(1, COMMUNITIES + 1))
WEEKS = 12
END_WEEK = dt.date(2025, 11, 17)
SIGNAL_OF = {
    "few_sources": "few_sources",
    "repost_ring": "repost_ring",
    "mention_burst": "burst",
    "near_duplicates": "near_duplicates",
    "copied_answers": "copied_answers",
}
"""The signal that should catch each simulated behaviour."""


@dataclass(frozen=True)
class Community:
    """One simulated community's flags and the account-weeks it was built on."""

    flags: pl.DataFrame
    """signal, handle, week (index of the simulated week)."""
    account_weeks: int


def flagged(seed: int, gaming: frozenset[str]) -> Community:
    """Simulate, load and build one community as the demo chat is configured."""
    sim = simulate(weeks=WEEKS, seed=seed, end_week=END_WEEK, gaming=gaming)
    con = duckdb.connect()
    try:
        con.execute("set timezone = 'UTC'")
        migrate(con)
        records = {POST: sim.posts, ACCOUNT: sim.accounts, SNAPSHOT: sim.snapshots}
        load_records(con, records, source="demo", origin="accuracy", run_id=f"seed{seed}")
        build_chat(con, demo_chat())
        flags = con.sql(
            sql_file("benchmarks", "sql/gaming_flags.sql"),
            params={"first_week": END_WEEK - dt.timedelta(weeks=WEEKS - 1)},
        ).pl()
        account_weeks = con.execute("select count(*) from marts.account_week").fetchone()
    finally:
        con.close()
    return Community(flags, int(account_weeks[0]) if account_weeks else 0)


def score(
    found: pl.DataFrame, expected: pl.DataFrame, honest: pl.DataFrame, honest_account_weeks: int
) -> tuple[SignalAccuracy, ...]:
    """Each signal's counts from the gamed communities' flags (`found`), the account-weeks
    manufactured for it (`expected`) and the honest communities' flags, each frame holding
    seed, signal, handle and week."""
    keys = ["seed", "signal", "handle", "week"]
    right = found.unique(keys).join(expected, on=keys, how="semi")

    def count(frame: pl.DataFrame, signal: str) -> int:
        return frame.filter(pl.col("signal") == signal).height

    return tuple(
        SignalAccuracy(
            signal=signal,
            manufactured=count(expected, signal),
            flagged=count(found, signal),
            right=count(right, signal),
            honest_flagged=count(honest, signal),
            honest_account_weeks=honest_account_weeks,
        )
        for signal in SIGNALS
    )


def measure(seeds: tuple[int, ...] = SEEDS) -> tuple[SignalAccuracy, ...]:
    """Each signal's counts over the gamed and the honest versions of the seeded communities."""
    truth = manufactured(GAMING_BEHAVIOURS, WEEKS).with_columns(
        signal=pl.col("behaviour").replace_strict(SIGNAL_OF)
    )
    expected = pl.concat([truth.with_columns(seed=pl.lit(s)) for s in seeds])
    gamed = [flagged(s, GAMING_BEHAVIOURS).flags.with_columns(seed=pl.lit(s)) for s in seeds]
    honest = [flagged(s, frozenset()) for s in seeds]
    return score(
        pl.concat(gamed),
        expected,
        pl.concat(
            [c.flags.with_columns(seed=pl.lit(s)) for s, c in zip(seeds, honest, strict=True)]
        ),
        sum(c.account_weeks for c in honest),
    )


def main() -> None:
    measured = measure()
    print(
        f"{'signal':<16} {'made':>5} {'flagged':>8} {'right':>6} {'precision':>10} "
        f"{'recall':>7} {'honest FP':>10}"
    )
    for row in measured:
        print(
            f"{row.signal:<16} {row.manufactured:>5} {row.flagged:>8} {row.right:>6} "
            f"{row.precision:>10.3f} {row.recall:>7.3f} "
            f"{row.honest_flagged:>4} / {row.honest_account_weeks}"
        )
    print("published:", "the same" if measured == GAMING_ACCURACY else "DIFFERENT")
    print("GAMING_ACCURACY = (")
    for row in measured:
        print(f"    {row!r},")
    print(")")


if __name__ == "__main__":
    main()
