"""The warehouse's storage format: one that the DuckDB releases analysts have can read.

DuckDB writes its newest storage format by default, which older clients refuse ("Trying to
read a database file with version number 69, but we can only read versions between 64 and
68"). chatreach writes the v1.4.0 format instead, which DuckDB 1.4.0 and every later release
read, and converts a warehouse written in a newer format on the next write.
"""

import os
from pathlib import Path

import duckdb

from warehouse.sql import scalar

STORAGE_VERSION = "v1.4.0"
"""The storage format of every warehouse chatreach writes."""
OLDEST_READER = "1.4.0"
"""The oldest DuckDB release that opens a warehouse in that format."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection; a file it creates is written in `STORAGE_VERSION`."""
    return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})


def storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format of the connection's database file, e.g. 'v1.4.0'."""
    tag = scalar(
        con,
        "select tags['storage_version'] from duckdb_databases() "
        "where database_name = current_database()",
    )
    return str(tag or "").removesuffix("+")


def needs_conversion(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database was written in another format than `STORAGE_VERSION`."""
    return storage_version(con) != STORAGE_VERSION


COMPACT_FREE_SHARE = 0.5
"""A file whose free blocks are more than this share of it is rewritten before it is
published (`convert`): DuckDB reuses free blocks but never gives them back, so without this a
file that once held much more (an upgrade that rebuilt its largest tables) would keep costing
every later write's copy."""
COMPACT_MIN_BYTES = 64 * 1024 * 1024
"""Smaller files are never rewritten for their free blocks: their copy costs little."""


def is_mostly_free(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's (checkpointed) database file is worth rewriting compactly."""
    total, free, block = con.execute(
        "select total_blocks, free_blocks, block_size from pragma_database_size() "
        "where database_name = current_database()"
    ).fetchall()[0]
    return total * block >= COMPACT_MIN_BYTES and free > COMPACT_FREE_SHARE * total


def convert(path: Path) -> None:
    """Rewrite the (closed, checkpointed) database at `path` in `STORAGE_VERSION`: every
    schema, table, sequence, constraint and comment, then the file replaced atomically. The
    rewritten file holds no free blocks."""
    path = Path(path)
    converted = path.with_name(path.name + ".converting")
    for stale in (converted, converted.with_name(converted.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute("attach ? as source_db (read_only)", [str(path)])
        con.execute(
            f"attach ? as target_db (storage_version '{STORAGE_VERSION}')", [str(converted)]
        )
        con.execute("copy from database source_db to target_db")
        con.execute("detach target_db")
        con.execute("detach source_db")
    except BaseException:
        con.close()
        converted.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(converted, path)
