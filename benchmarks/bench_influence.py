"""Time the influence build steps on chat-weeks of 50k accounts and 500k interactions each.

The build's temp tables (int_chat_weeks, int_account_week_rows, int_interactions,
int_week_posts, stg_host_accounts, build_context) and the account_week rows are synthesised
directly, with heavy-tailed senders and receivers, so only the steps themselves are timed:

- influence: graph building, PageRank and the influence and "why this score" columns (the
  UPDATE of marts.account_week included) — the step the < 10 s budget is about;
- influence_correlation and gaming_signals, for information.

`--weeks 1 4 8` times one, four and eight weeks in one build: time per week should stay flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import duckdb
import numpy as np
import polars as pl

from transforms.gaming import build_gaming_signals
from transforms.influence import build_influence, build_influence_correlation
from warehouse.migrate import migrate
from warehouse.sql import sql_file

ACCOUNTS, INTERACTIONS = 50_000, 500_000
FIRST_WEEK = dt.date(2025, 1, 6)
KINDS = np.array(["reply", "repost", "quote", "mention"])
WORDS = np.array([f"w{i}" for i in range(3000)])


def week_frames(week: int, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One week's interactions and posts: Zipf-like senders and receivers, no self-interaction."""
    start = FIRST_WEEK + dt.timedelta(weeks=week)
    popularity = np.arange(1, ACCOUNTS + 1, dtype=float)
    p_out, p_in = popularity**-0.8, popularity**-1.0
    p_out, p_in = p_out / p_out.sum(), p_in / p_in.sum()
    out_order, in_order = rng.permutation(ACCOUNTS), rng.permutation(ACCOUNTS)
    draw = int(INTERACTIONS * 1.01)
    src = out_order[rng.choice(ACCOUNTS, draw, p=p_out)]
    dst = in_order[rng.choice(ACCOUNTS, draw, p=p_in)]
    keep = src != dst
    src, dst = src[keep][:INTERACTIONS], dst[keep][:INTERACTIONS]
    kind = KINDS[rng.choice(4, INTERACTIONS, p=[0.35, 0.3, 0.05, 0.3])]
    # Wednesday, mostly within a few hours of midnight UTC.
    session = dt.datetime.combine(start + dt.timedelta(days=2), dt.time(0), dt.UTC)
    micros = int(session.timestamp()) * 1_000_000
    offsets_us = rng.exponential(3600, INTERACTIONS).astype(np.int64) * 1_000_000
    created = pl.Series(values=micros + offsets_us, dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
    post_id = np.char.add(f"w{week}p", np.arange(INTERACTIONS).astype(str))
    interactions = pl.DataFrame(
        {
            "week_start": pl.Series([start] * INTERACTIONS, dtype=pl.Date),
            "platform": "demo",
            "post_id": post_id,
            "created_at": created,
            "source_id": np.char.add("acct", src.astype(str)),
            "target_id": np.char.add("acct", dst.astype(str)),
            "interaction": kind,
        }
    )
    # The posts behind them: 8-15 words from a 3,000-word vocabulary.
    lengths = rng.integers(8, 16, INTERACTIONS)
    flat = WORDS[rng.integers(0, len(WORDS), int(lengths.sum()))]
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    text = [" ".join(flat[offsets[i] : offsets[i + 1]]) for i in range(INTERACTIONS)]
    posts = interactions.select(
        "week_start",
        "platform",
        "post_id",
        pl.col("source_id").alias("author_id"),
        pl.Series("text", text),
        pl.col("interaction").replace({"mention": "original"}).alias("kind"),
    )
    return interactions, posts


def setup(weeks: int, seed: int = 2026) -> duckdb.DuckDBPyConnection:
    """A migrated in-memory warehouse holding `weeks` synthetic weeks, ready for the steps."""
    rng = np.random.default_rng(seed)
    frames = [week_frames(week, rng) for week in range(weeks)]
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    migrate(con)
    con.register("interactions_frame", pl.concat([i for i, _ in frames]))
    con.register("posts_frame", pl.concat([p for _, p in frames]))
    con.execute("create temp table int_interactions as select * from interactions_frame")
    con.execute("create temp table int_week_posts as select * from posts_frame")
    con.execute(
        "create temp table build_context as select 'bench' as chat, 'UTC' as timezone, "
        "['bench']::varchar[] as hashtag_keys, []::varchar[] as host_keys, "
        "[]::varchar[] as sponsor_keys"
    )
    con.execute(
        "create temp table int_chat_weeks as select week_start, "
        "(week_start + 7)::timestamptz as week_end, strftime(week_start, '%G-W%V') as week_label, "
        "true as is_dirty from (select distinct week_start from int_interactions)"
    )
    con.execute(sql_file("benchmarks", "sql/influence_account_rows.sql"), {"accounts": ACCOUNTS})
    con.execute(
        "create temp table stg_host_accounts (platform varchar, account_id varchar, "
        "is_host boolean, is_sponsor boolean)"
    )
    con.execute(sql_file("benchmarks", "sql/influence_account_week.sql"))
    return con


def _timed(con: duckdb.DuckDBPyConnection, step) -> float:
    start = time.perf_counter()
    step(con)
    return time.perf_counter() - start


def bench(weeks: int) -> None:
    """Set up `weeks` weeks, run the three steps once in a transaction and print timings."""
    con = setup(weeks)
    con.begin()
    influence = _timed(con, build_influence)
    correlation = _timed(con, build_influence_correlation)
    gaming = _timed(con, build_gaming_signals)
    con.commit()
    (worst, ranked) = con.execute(
        "select max(abs(s - 1)), min(ranked) from (select sum(influence_pagerank) as s, "
        "count(influence_rank) = count(*) as ranked from marts.account_week group by week_start)"
    ).fetchone()
    (flags,) = con.execute("select count(*) from marts.gaming_signals").fetchone()
    print(
        f"{weeks} week(s), {weeks * ACCOUNTS:>9,} account-weeks, {weeks * INTERACTIONS:>10,} "
        f"interactions: influence {influence:6.2f} s ({influence / weeks:5.2f} s/week), "
        f"correlation {correlation:5.2f} s, gaming {gaming:5.2f} s "
        f"({(influence + correlation + gaming) / weeks:5.2f} s/week for all three); "
        f"max |sum - 1| = {worst:.1e}, all ranked: {ranked}, {flags} gaming flags",
        flush=True,
    )


def main() -> None:
    """Run the benchmark for each number of weeks asked for."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", type=int, nargs="*", default=[1, 4, 8])
    for weeks in parser.parse_args().weeks:
        bench(weeks)


if __name__ == "__main__":
    main()
