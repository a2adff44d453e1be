"""Time the load of a large twarc2 archive, in batches of lines and (for comparison) by line.

The archive repeats the two recorded search pages of `tests/fixtures/real/twarc/` (100 tweets
each, with their users), shifting the tweet ids of each copy so every copy adds new posts.

    .venv/bin/python -m benchmarks.bench_twarc [--copies 200] [--by-line]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from flows.pulling import load_twarc
from sources.twarc import LINES_PER_BATCH
from warehouse.migrate import migrate

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "twarc"
PAGES = ("brexit.jsonl", "kpop.jsonl")


def write_archive(path: Path, copies: int) -> int:
    """Write `copies` copies of the recorded pages; return the number of lines."""
    pages = [json.loads(line) for name in PAGES for line in (FIXTURES / name).open()]
    lines = 0
    with path.open("w") as out:
        for copy in range(copies):
            for page in pages:
                shifted = {
                    **page,
                    "data": [
                        {**tweet, "id": f"{int(tweet['id']) + copy * 7919}"}
                        for tweet in page["data"]
                    ],
                }
                out.write(json.dumps(shifted) + "\n")
                lines += 1
    return lines


def time_load(archive: Path, folder: Path, lines_per_batch: int) -> tuple[float, int]:
    """Seconds to load the archive into a new warehouse, and the posts it holds after."""
    con = duckdb.connect(str(folder / f"by-{lines_per_batch}.duckdb"))
    try:
        migrate(con)
        start = time.perf_counter()
        load_twarc(con, archive, "tchat", run_id="bench", lines_per_batch=lines_per_batch)
        seconds = time.perf_counter() - start
        posts = con.execute("select count(*) from core.posts").fetchall()[0][0]
    finally:
        con.close()
    return seconds, int(posts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--by-line", action="store_true", help="also load one line at a time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-twarc-") as tmp:
        folder = Path(tmp)
        archive = folder / "archive.jsonl"
        lines = write_archive(archive, args.copies)
        size_mb = archive.stat().st_size / 1e6
        print(f"archive: {lines} lines, {size_mb:,.0f} MB")
        for batch in [LINES_PER_BATCH] + ([1] if args.by_line else []):
            seconds, posts = time_load(archive, folder, batch)
            print(
                f"load, {batch} line(s) a transaction: {seconds:.1f} s "
                f"({posts:,} posts held, {posts / seconds:,.0f} posts/s)"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"peak memory: {peak:.1f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
