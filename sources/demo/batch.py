"""The working form of simulated posts: accounts as indices, instants as µs since the epoch."""

from collections.abc import Sequence

import numpy as np
import polars as pl
import pyarrow as pa

WORK_SCHEMA: dict[str, pl.DataType] = {
    "post_id": pl.Int64,
    "author": pl.Int32,
    "created_us": pl.Int64,
    "text": pl.String,
    "kind": pl.String,
    "role": pl.String,
    "reply_to_post": pl.Int64,
    "reply_to": pl.Int32,
    "ref_post": pl.Int64,
    "ref": pl.Int32,
    "mentions": pl.List(pl.Int32),
    "hashtags": pl.List(pl.String),
    "urls": pl.List(pl.String),
}
"""`role` says what a post is in the story (question, answer, …); it sets its like counts."""

_X_EPOCH_MS = 1_288_834_974_657  # X's snowflake epoch: ids look and sort like real X ids
_SEQUENCE_BITS = 22

Part = str | np.ndarray | None


class PostIds:
    """Snowflake-style ids (creation millisecond, then a running sequence): never repeated."""

    def __init__(self) -> None:
        self._next = 0

    def __call__(self, created_us: np.ndarray) -> np.ndarray:
        sequence = self._next + np.arange(len(created_us), dtype=np.int64)
        self._next += len(created_us)
        millis = np.maximum(created_us // 1000 - _X_EPOCH_MS, 0)
        return (millis << _SEQUENCE_BITS) | (sequence & ((1 << _SEQUENCE_BITS) - 1))


def pick(bank: Sequence[str], index: np.ndarray) -> np.ndarray:
    """The bank's texts at the given positions."""
    return np.asarray(bank, dtype=object)[index]


def where(flag: np.ndarray, value: str | np.ndarray) -> np.ndarray:
    """`value` on rows where flag holds, else missing."""
    return np.where(flag, np.asarray(value, dtype=object), None)


def series(values: np.ndarray, dtype: pl.DataType) -> pl.Series:
    """A typed series from an array; object arrays may hold None for missing values."""
    if values.dtype == object:  # polars would guess the type from the first (missing) values
        return pl.Series(values=values.tolist(), dtype=dtype)
    return pl.Series(values=values, dtype=dtype)


def _texts(part: Part, n: int) -> pl.Series:
    """`n` texts from one text, an array of texts, or None (all missing)."""
    if part is None or isinstance(part, str):
        return pl.Series(values=np.full(n, part, dtype=object), dtype=pl.String)
    return series(part, pl.String)


def words(*parts: Part, n: int) -> pl.Series:
    """Parts joined with spaces, skipping missing ones; a part is one text or one per row."""
    frame = pl.DataFrame([_texts(p, n).alias(f"p{i}") for i, p in enumerate(parts)])
    return frame.select(pl.concat_str(pl.all(), separator=" ", ignore_nulls=True)).to_series()


def listed(*parts: Part, n: int, dtype: pl.DataType = pl.String) -> pl.Series:
    """A list column: each row holds its present parts (ints < 0 and None are missing)."""
    numeric = dtype.is_integer()
    kind = np.int64 if numeric else object
    parts = parts or (-1 if numeric else None,)
    grid = np.stack([np.broadcast_to(np.asarray(p, dtype=kind), n) for p in parts], axis=1)
    present = grid >= 0 if numeric else grid != None  # noqa: E711 (element-wise)
    # Built from offsets through Arrow: polars' concat_list + drop_nulls is far slower.
    offsets = pa.array(np.concatenate([[0], np.cumsum(present.sum(axis=1))]), pa.int64())
    values = pa.array(grid[present], type=pa.int32() if numeric else pa.string())
    return pl.from_arrow(pa.LargeListArray.from_arrays(offsets, values)).cast(pl.List(dtype))


def batch(
    ids: PostIds,
    *,
    author: np.ndarray,
    created: np.ndarray,
    kind: str | np.ndarray,
    role: str,
    text: pl.Series | None = None,
    hashtags: Sequence[Part] = (),
    mentions: Sequence[np.ndarray] = (),
    urls: Sequence[Part] = (),
    reply_to_post: np.ndarray | None = None,
    reply_to: np.ndarray | None = None,
    ref_post: np.ndarray | None = None,
    ref: np.ndarray | None = None,
) -> pl.DataFrame:
    """One batch of posts in the working schema; reposts leave their copied fields empty."""
    created = np.asarray(created, dtype=np.int64)
    n = len(created)
    missing_id = np.full(n, None, dtype=object)
    columns = {
        "post_id": pl.Series(values=ids(created), dtype=pl.Int64),
        "author": pl.Series(values=author, dtype=pl.Int32),
        "created_us": pl.Series(values=created, dtype=pl.Int64),
        "text": text if text is not None else pl.Series(values=missing_id, dtype=pl.String),
        "kind": pl.Series(
            values=np.broadcast_to(np.asarray(kind, dtype=object), n), dtype=pl.String
        ),
        "role": pl.Series(values=np.full(n, role, dtype=object), dtype=pl.String),
        "reply_to_post": series(_or(reply_to_post, n), pl.Int64),
        "reply_to": series(_or(reply_to, n), pl.Int32),
        "ref_post": series(_or(ref_post, n), pl.Int64),
        "ref": series(_or(ref, n), pl.Int32),
        "mentions": listed(*mentions, n=n, dtype=pl.Int32),
        "hashtags": listed(*hashtags, n=n),
        "urls": listed(*urls, n=n),
    }
    return pl.DataFrame({name: columns[name].alias(name) for name in WORK_SCHEMA})


def _or(values: np.ndarray | None, n: int) -> np.ndarray:
    return np.full(n, None, dtype=object) if values is None else values


def empty() -> pl.DataFrame:
    """A batch without posts."""
    return pl.DataFrame(schema=WORK_SCHEMA)
