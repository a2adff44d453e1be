"""Gaming signals: account-weeks whose standing looks manufactured (marts.gaming_signals).

Five signals, each read from one recomputed chat-week only (so the dirty-week rule of
stg_dirty_weeks.sql needs nothing more); the thresholds are the named constants below and the
data dictionary states them in words (a test checks the two agree):

- few_sources: it received at least FEW_SOURCES_MIN_RECEIVED interactions and at least
  FEW_SOURCES_SHARE of them came from its FEW_SOURCES_TOP most frequent sources.
- repost_ring: it belongs to a connected group of at least RING_MIN_SIZE accounts of the
  mutual-repost graph, where a and b are linked when each reposted the other at least
  RING_MIN_REPOSTS times in the week. Every member is flagged.
- burst: at least BURST_MIN mention and repost interactions targeting it were made within
  BURST_WINDOW_MINUTES minutes ([t, t + window) for some interaction time t). The chat's hosts
  (stg_host_accounts) are exempt: everyone mentions them as the chat starts, by design. (The
  build fingerprints the host accounts, so a change of hosts rebuilds every week.)
- near_duplicates: one of its non-repost chat posts of the week and at least
  DUPLICATE_MIN_POSTS − 1 others of its posts that week are near-identical to it: their
  normalised texts (NFKC, lower-case, URLs, @mentions, digits, punctuation and symbols removed,
  white space collapsed) have word SHINGLE_WORDS-gram sets with Jaccard similarity at least
  DUPLICATE_JACCARD (identical normalised texts have similarity 1). Texts of fewer than
  DUPLICATE_MIN_WORDS words are left out: short stock replies ("Thanks! #TChat") repeat
  honestly.
- copied_answers: one of its answers of the week (int_answers) reads the same, once normalised
  as near_duplicates normalises it and with at least DUPLICATE_MIN_WORDS words, as answers of
  the week by at least COPIED_MIN_ACCOUNTS − 1 other accounts of its platform. Every account
  of the group is flagged.

Text normalisation runs in polars (DuckDB has no NFKC); everything else is SQL.
"""

import duckdb
import polars as pl

from transforms.steps import PythonStep, replace_recomputed_weeks
from transforms.text import with_nfkc
from warehouse.sql import sql_query

FEW_SOURCES_MIN_RECEIVED = 10
FEW_SOURCES_TOP = 2
FEW_SOURCES_SHARE = 0.8

RING_MIN_REPOSTS = 2
RING_MIN_SIZE = 3

BURST_MIN = 30
BURST_WINDOW_MINUTES = 10
BURST_INTERACTIONS = ("mention", "repost")

DUPLICATE_MIN_POSTS = 5
DUPLICATE_MIN_WORDS = 5
DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 3

COPIED_MIN_ACCOUNTS = 5
COPIED_NAMED = 10
"""The evidence names at most this many of the other accounts by handle."""

SIGNALS = ("few_sources", "repost_ring", "burst", "near_duplicates", "copied_answers")

GAMING_TEMP_TABLES = (
    "gaming_found",
    "gaming_normalised",
    "gaming_texts",
    "gaming_answers",
    "gaming_ring_edges",
    "gaming_ring_labels",
    "gaming_ring_next",
)

_EPSILON = 1e-9
"""Slack for comparing a share with its threshold in floating point."""


def _sql(name: str, **values: object) -> str:
    """The step's query `gaming/<name>.sql` with its slots filled by our own values."""
    return sql_query("transforms", f"gaming/{name}", **{k: str(v) for k, v in values.items()})


def _stripped(text: pl.Expr) -> pl.Expr:
    """URLs and @mentions removed, then every run of characters other than letters (white
    space included) made one space: the same as removing the others and then collapsing white
    space, in one pass instead of two."""
    return (
        text.str.replace_all(r"(?:https?://|www\.)\S*", " ")
        .str.replace_all(r"@\w+", " ")
        .str.replace_all(r"[^\p{L}]+", " ")
        .str.strip_chars()
    )


def with_normalised_text(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` with `normalised` in place of `text`, in some order: the text as near-duplicate
    detection compares it, NFKC, lower-case, URLs, @mentions, digits, punctuation and symbols
    (emoji included) removed, white space collapsed."""
    return (
        with_nfkc(rows, "text")
        .with_columns(_stripped(pl.col("text").str.to_lowercase()).alias("normalised"))
        .drop("text")
    )


_FEW_SOURCES = sql_query("transforms", "gaming/few_sources")

_RING_EDGES = sql_query("transforms", "gaming/ring_edges")

_RING_STEP = sql_query("transforms", "gaming/ring_step")

_RING_CHANGED = sql_query("transforms", "gaming/ring_changed")

_RING = sql_query("transforms", "gaming/ring")


_NORMALISED_TEXTS = sql_query("transforms", "gaming/normalised_texts")

_DUPLICATE_CANDIDATES = sql_query("transforms", "gaming/duplicate_candidates")

_ANSWER_TEXTS = sql_query("transforms", "gaming/answer_texts")


_COPIED = sql_query("transforms", "gaming/copied")

_SIGNALS = sql_query("transforms", "gaming/signals")


def _few_sources(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        _FEW_SOURCES,
        {
            "top": FEW_SOURCES_TOP,
            "share": FEW_SOURCES_SHARE,
            "min_received": FEW_SOURCES_MIN_RECEIVED,
            "epsilon": _EPSILON,
        },
    )


def _repost_rings(con: duckdb.DuckDBPyConnection) -> None:
    """Connected groups of the mutual-repost graph by min-label propagation (a few rounds:
    the graph holds only pairs that reposted each other RING_MIN_REPOSTS times)."""
    con.execute(_RING_EDGES, {"min_reposts": RING_MIN_REPOSTS})
    con.execute(
        "create or replace temp table gaming_ring_labels as "
        "select distinct week_start, platform, account_id, account_id as label "
        "from gaming_ring_edges"
    )
    while True:
        con.execute(_RING_STEP)
        row = con.execute(_RING_CHANGED).fetchone()
        con.execute(
            "create or replace temp table gaming_ring_labels as select * from gaming_ring_next"
        )
        if not row or not row[0]:
            break
    con.execute(_RING, {"min_size": RING_MIN_SIZE, "min_reposts": RING_MIN_REPOSTS})


def _bursts(con: duckdb.DuckDBPyConnection) -> None:
    window_us = BURST_WINDOW_MINUTES * 60_000_000 - 1  # [t, t + window) on microsecond instants
    con.execute(
        _sql("burst", window_us=int(window_us)),
        {"kinds": list(BURST_INTERACTIONS), "min": BURST_MIN, "minutes": BURST_WINDOW_MINUTES},
    )


def _normalise_texts(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table gaming_normalised: every post the two text signals compare, its text
    normalised once, and whether it is a near-duplicate candidate."""
    rows = con.sql(_NORMALISED_TEXTS, params={"min_posts": DUPLICATE_MIN_POSTS}).pl()
    texts = with_normalised_text(rows)
    con.register("gaming_normalised_frame", texts)
    try:
        con.execute(
            "create or replace temp table gaming_normalised as "
            "select * from gaming_normalised_frame"
        )
    finally:
        con.unregister("gaming_normalised_frame")


def _near_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_DUPLICATE_CANDIDATES)
    con.execute(
        _sql("duplicates", n=int(SHINGLE_WORDS)),
        {
            "jaccard": DUPLICATE_JACCARD,
            "min_posts": DUPLICATE_MIN_POSTS,
            "min_words": DUPLICATE_MIN_WORDS,
            "epsilon": _EPSILON,
        },
    )


def _copied_answers(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_ANSWER_TEXTS)
    con.execute(
        _COPIED,
        {
            "min_words": DUPLICATE_MIN_WORDS,
            "min_accounts": COPIED_MIN_ACCOUNTS,
            "named": COPIED_NAMED,
        },
    )


def build_gaming_signals(con: duckdb.DuckDBPyConnection) -> None:
    """marts.gaming_signals for the recomputed weeks: one row per flagged account-week and
    signal."""
    con.execute(
        "create or replace temp table gaming_found (week_start date, platform varchar, "
        "account_id varchar, signal varchar, value double, threshold double, evidence varchar, "
        "related_accounts varchar[])"
    )
    _few_sources(con)
    _repost_rings(con)
    _bursts(con)
    _normalise_texts(con)
    _near_duplicates(con)
    _copied_answers(con)
    replace_recomputed_weeks(con, "marts.gaming_signals", _SIGNALS)
    for table in GAMING_TEMP_TABLES:
        con.execute(f"drop table if exists {table}")


GAMING_STEP = PythonStep(
    "gaming_signals",
    build_gaming_signals,
    temp_tables=GAMING_TEMP_TABLES,
    reads=(
        "int_week_posts",
        "int_interactions",
        "int_answers",
        "int_chat_weeks",
        "stg_host_accounts",
    ),
    writes=("marts.gaming_signals",),
)
