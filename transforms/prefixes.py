"""The Q<n> and A<n> prefixes of chat posts, read with Unicode rules after NFKC normalisation.

DuckDB has no NFKC and its regular expressions are ASCII-minded, so this step runs in polars:
one vectorised pass over the recomputed weeks' non-repost chat posts.
"""

import duckdb
import polars as pl

from transforms.text import with_nfkc

QUESTION = r"^\s*[Qq](\d{1,2})(?:[^\p{L}\p{N}_]|$)"
"""Q or q, a one- or two-digit number, then no letter, digit or underscore (a combining mark
may follow: "Q1️⃣", the keycap emoji, is Q1)."""

ANSWER = r"^\s*(?:@\S*\s+)*[Aa](\d{1,2})(?:[^\p{L}\p{N}_]|$)"
"""The same rule for A<n>, after any leading words that start with @."""


def with_prefix_numbers(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` with the question and answer numbers their `text` starts with once in NFKC
    (null when it does not), in some order."""
    text = pl.col("text")
    return with_nfkc(rows, "text").with_columns(
        text.str.extract(QUESTION, 1).cast(pl.Int32, strict=False).alias("question_number"),
        text.str.extract(ANSWER, 1).cast(pl.Int32, strict=False).alias("answer_number"),
    )


def build_post_prefixes(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table int_post_prefixes (platform, post_id, question_number, answer_number)."""
    posts = con.sql(
        "select platform, post_id, text from int_week_posts where kind <> 'repost'"
    ).pl()
    prefixes = with_prefix_numbers(posts).drop("text")
    con.register("post_prefixes_frame", prefixes)
    try:
        con.execute(
            "create or replace temp table int_post_prefixes as "
            "select platform, post_id, question_number, answer_number from post_prefixes_frame"
        )
    finally:
        con.unregister("post_prefixes_frame")
