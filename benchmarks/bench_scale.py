"""A year of a busy chat network, run as a user runs it: each command a process of its own.

python -m benchmarks.bench_scale [--accounts 50000] [--weeks 52] [--posts-per-week 19000]
python -m benchmarks.bench_scale --chats 40      # many small chats sharing one warehouse

Times, as separate processes, the bare scan of the input files, ingest, full build, a build
with nothing to do, one new week (ingest + build) and one week's report, with each process's
peak RSS and the largest DuckDB temp-file size seen, and prints them as ratios to the bare
scan (the targets of the README's benchmark table). No Prefect API is configured, as when a
command is run by hand.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.scale_data import Files, Shape, files_in

BARE_SCAN = """
import sys, time, duckdb
posts, snapshots = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"select author_id, date_trunc('week', created_at) as w, count(*), sum(like_count) "
            f"from '{posts}' group by all").fetchall()
con.execute(f"select account_id, max(followers_count) from '{snapshots}' group by all").fetchall()
"""


@dataclass
class Measure:
    """One process: wall time, peak resident memory, largest temp files seen."""

    label: str
    seconds: float
    peak_mb: float
    temp_mb: float
    output: str


def _folder_mb(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and ".tmp" in str(path.relative_to(folder)):
                total += path.stat().st_size
        except (FileNotFoundError, ValueError):
            pass
    return total / 1e6


def run(label: str, args: list[str], folder: Path, env: dict[str, str]) -> Measure:
    """Run one process to its end, polling the temp files beside the warehouse."""
    largest = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            largest[0] = max(largest[0], _folder_mb(folder))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    measure = Measure(label, seconds, usage.ru_maxrss / 1024, largest[0], output)
    print(
        f"{label:<34} {seconds:8.2f} s   peak {measure.peak_mb:6.0f} MB   "
        f"temp {measure.temp_mb:6.0f} MB",
        flush=True,
    )
    if process.returncode != 0:
        print(output[-3000:])
        raise SystemExit(f"{label}: exit status {process.returncode}")
    return measure


def _generate(shape: Shape, folder: Path, env: dict[str, str]) -> Files:
    """The files of the shape, made in a process of their own: a child forked from a large
    parent would report the parent's memory as its own peak (ru_maxrss survives exec)."""
    code = (
        "import sys, pickle; from benchmarks.scale_data import generate; "
        "shape, folder = pickle.loads(bytes.fromhex(sys.argv[1])); generate(shape, folder)"
    )
    import pickle

    subprocess.run(
        [sys.executable, "-c", code, pickle.dumps((shape, folder)).hex()], env=env, check=True
    )
    return files_in(folder)


def _config(folder: Path, chats: list[str]) -> Path:
    lines = ["[warehouse]", 'path = "chatreach.duckdb"', ""]
    for slug in chats:
        tag = "TChat" if slug == "tchat" else slug
        lines += [
            f"[chats.{slug}]",
            f'hashtags = ["{tag}"]',
            'timezone = "America/New_York"',
            'hosts = ["member0", "member1"]',
            'sponsors = ["member2"]',
            "",
        ]
    path = folder / "chatreach.toml"
    path.write_text("\n".join(lines))
    return path


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return env


def _chatreach(config: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "chatreach"), "--config", str(config), *args]


def _bare(files: Files, folder: Path, env: dict[str, str]) -> Measure:
    """The fastest of three bare scans: one scan taken while the machine is busy elsewhere
    (or the files are not yet in the page cache) would flatter every ratio."""
    scans = [
        run(
            f"bare scan {n}",
            [sys.executable, "-c", BARE_SCAN, str(files.posts), str(files.snapshots)],
            folder,
            env,
        )
        for n in (1, 2, 3)
    ]
    return min(scans, key=lambda scan: scan.seconds)


def _ratios(bare: Measure, rows: list[tuple[str, float, float]]) -> None:
    print(f"\nbare scan: {bare.seconds:.2f} s")
    print(f"{'what':<44} {'seconds':>8} {'ratio':>7} {'target':>7}")
    for what, seconds, target in rows:
        ok = "ok" if seconds / bare.seconds <= target else "OVER"
        print(f"{what:<44} {seconds:8.2f} {seconds / bare.seconds:6.1f}x {target:6.1f}x  {ok}")


def year(shape: Shape, folder: Path) -> None:
    """The year of one busy chat: items 1-5 of the README's targets."""
    env = _environment()
    started = time.perf_counter()
    files = _generate(shape, folder / "input", env)
    print(f"generated {shape} in {time.perf_counter() - started:.1f} s", flush=True)
    config = _config(folder, [shape.chat])
    week = (shape.last_week).isocalendar()
    label = f"{week.year}-W{week.week:02d}"
    bare = _bare(files, folder, env)
    chat = ["--chat", shape.chat]
    ingest = run(
        "ingest (all but the last week)",
        _chatreach(config, "ingest", "files", *chat, "--posts", str(files.posts),
                   "--accounts", str(files.accounts), "--snapshots", str(files.snapshots)),
        folder, env,
    )  # fmt: skip
    full = run("full build", _chatreach(config, "build"), folder, env)
    noop = run("build, nothing to do", _chatreach(config, "build"), folder, env)
    new_ingest = run(
        "ingest the new week",
        _chatreach(config, "ingest", "files", *chat, "--posts", str(files.last_posts),
                   "--snapshots", str(files.last_snapshots)),
        folder, env,
    )  # fmt: skip
    new_build = run("build the new week", _chatreach(config, "build"), folder, env)
    report = run(
        f"report --week {label}", _chatreach(config, "report", *chat, "--week", label), folder, env
    )
    pages = report.output.count("\n")
    again = run(
        "report again, nothing changed",
        _chatreach(config, "report", *chat, "--week", label),
        folder,
        env,
    )
    size = (folder / "chatreach.duckdb").stat().st_size / 1e6
    print(f"\n{pages} pages written; warehouse {size:.0f} MB")
    peak = max(m.peak_mb for m in (ingest, full, noop, new_ingest, new_build, report, again))
    temp = max(m.temp_mb for m in (ingest, full, noop, new_ingest, new_build, report, again))
    print(f"largest peak RSS {peak:.0f} MB (target <= 3072), temp files {temp:.0f} MB (<= 2048)")
    _ratios(
        bare,
        [
            ("ingest + full build", ingest.seconds + full.seconds, 8),
            ("full build", full.seconds, 6),
            ("build, nothing to do", noop.seconds, 1.5),
            ("new week: ingest + build", new_ingest.seconds + new_build.seconds, 3),
            ("report --week, every participant page", report.seconds, 10),
            ("report again, nothing changed", again.seconds, 10),
        ],
    )


def many_chats(count: int, folder: Path) -> None:
    """`count` small chats in one warehouse: item 7 (a new day of one chat, and building all)."""
    env = _environment()
    small = Shape(accounts=300 * count, weeks=12, posts_per_week=500, participants_per_week=300)
    slugs = [f"chat{i:02d}" for i in range(count)]
    inputs = []
    for i, slug in enumerate(slugs):
        shape = replace(small, accounts=300, seed=small.seed + i, chat=slug)
        inputs.append(_generate(shape, folder / "input" / slug, env))
    # Each chat's own hashtag and ids: rewrite the generated TChat files per chat.
    import polars as pl

    for slug, files in zip(slugs, inputs, strict=True):
        for path in (files.posts, files.last_posts):
            pl.read_parquet(path).with_columns(
                post_id=pl.lit(f"{slug}-") + pl.col("post_id"),
                hashtags=pl.lit([slug]),
                text=pl.col("text").str.replace("#TChat", f"#{slug}", literal=True),
            ).write_parquet(path)
    config = _config(folder, slugs)
    alone_dir = folder / "alone"
    alone_dir.mkdir()
    alone_config = _config(alone_dir, [slugs[0]])
    first = inputs[0]
    load = ["--posts", str(first.posts), "--snapshots", str(first.snapshots)]
    run("alone: ingest", _chatreach(alone_config, "ingest", "files", "--chat", slugs[0], *load),
        alone_dir, env)  # fmt: skip
    alone_build = run("alone: build", _chatreach(alone_config, "build"), alone_dir, env)
    new_day = ["--posts", str(first.last_posts)]
    alone_day = [
        run("alone: new day ingest",
            _chatreach(alone_config, "ingest", "files", "--chat", slugs[0], *new_day),
            alone_dir, env),
        run("alone: new day build", _chatreach(alone_config, "build", "--chat", slugs[0]),
            alone_dir, env),
    ]  # fmt: skip
    for slug, files in zip(slugs, inputs, strict=True):
        args = ["--posts", str(files.posts), "--snapshots", str(files.snapshots)]
        subprocess.run(
            _chatreach(config, "ingest", "files", "--chat", slug, *args),
            env=env, check=True, capture_output=True,
        )  # fmt: skip
    everything = run(f"{count} chats: build all", _chatreach(config, "build"), folder, env)
    shared_day = [
        run("shared: new day ingest",
            _chatreach(config, "ingest", "files", "--chat", slugs[0], *new_day), folder, env),
        run("shared: new day build", _chatreach(config, "build", "--chat", slugs[0]),
            folder, env),
    ]  # fmt: skip
    alone_s = sum(m.seconds for m in alone_day)
    shared_s = sum(m.seconds for m in shared_day)
    print(f"\none chat's new day: alone {alone_s:.2f} s, among {count}: {shared_s:.2f} s "
          f"({shared_s / alone_s:.2f}x, target <= 1.5x)")  # fmt: skip
    print(f"{count} chats built together {everything.seconds:.2f} s against {count} single "
          f"builds {count * alone_build.seconds:.2f} s "
          f"({everything.seconds / (count * alone_build.seconds):.2f}x, "
          "target <= 1.2x)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--posts-per-week", type=int, default=19_000)
    parser.add_argument("--participants-per-week", type=int, default=9_000)
    parser.add_argument("--chats", type=int, default=0, help="many small chats instead")
    parser.add_argument("--keep", type=Path, help="work in this (empty) folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.chats:
            many_chats(args.chats, folder)
            return
        shape = Shape(
            accounts=args.accounts,
            weeks=args.weeks,
            posts_per_week=args.posts_per_week,
            participants_per_week=args.participants_per_week,
        )
        year(shape, folder)


if __name__ == "__main__":
    main()
