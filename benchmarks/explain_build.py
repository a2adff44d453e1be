"""Profile every statement of a build with DuckDB's EXPLAIN ANALYZE profiler.

python -m benchmarks.explain_build PATH/chatreach.toml [--chat SLUG] [--top 15] [--incremental]

Works on a copy of the configured warehouse (for instance the one `bench_scale --keep DIR`
leaves). For each statement it records the time, the rows of its largest operator and the
rows it read from tables, and prints the statements whose largest intermediate is furthest
above what they read: a join planned in a product-like order shows at the top.
"""

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from config.settings import load_settings
from transforms import build


def _walk(node: dict) -> tuple[int, int]:
    """(largest operator output, rows scanned from tables) of a profile's operator tree."""
    largest = int(node.get("intermediate_rows", 0) or 0)
    scanned = int(node.get("rows_scanned", 0) or 0)
    for child in node.get("children", []):
        child_largest, child_scanned = _walk(child)
        largest, scanned = max(largest, child_largest), scanned + child_scanned
    return largest, scanned


def _profile(path: Path) -> tuple[int, int, int] | None:
    """(largest intermediate, rows scanned, bytes spilled) of the last statement's profile."""
    try:
        profile = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    largest, scanned = 0, 0
    for tree in profile.get("operator", []):
        tree_largest, tree_scanned = _walk(tree)
        largest, scanned = max(largest, tree_largest), scanned + tree_scanned
    return largest, scanned, int(profile.get("system", {}).get("total_bytes_spilled", 0) or 0)


class Profiled:
    """A connection whose every execute is profiled into `records` under the current step."""

    def __init__(self, con: duckdb.DuckDBPyConnection, output: Path):
        self._con, self._output = con, output
        self.records: list[list] = []
        self._pending: list[list] = []

    def execute(self, query: str, *args):  # noqa: ANN002, ANN201 - the connection's signature
        started = time.perf_counter()
        result = self._con.execute(query, *args)
        seconds = time.perf_counter() - started
        profile = _profile(self._output)
        if profile is not None:
            text = " ".join(line.split("--")[0] for line in query.splitlines())
            self._pending.append(["", seconds, *profile, " ".join(text.split())[:90]])
        return result

    def step_done(self, name: str) -> None:
        """The statements since the last step were those of step `name`."""
        for record in self._pending:
            record[0] = name
        self.records += self._pending
        self._pending = []

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else as the connection does
        return getattr(self._con, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--chat")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--incremental", action="store_true", help="build only the dirty weeks, as `build` does"
    )
    args = parser.parse_args()
    settings = load_settings(args.config)
    chat = settings.chat(args.chat) if args.chat else next(iter(settings.chats.values()))
    with tempfile.TemporaryDirectory(dir=settings.warehouse.path.parent) as folder:
        copy = Path(folder) / "profiled.duckdb"
        shutil.copyfile(settings.warehouse.path, copy)
        output = Path(folder) / "profile.json"
        con = duckdb.connect(str(copy))
        con.execute("set timezone = 'UTC'")
        con.execute(f"set memory_limit = '{settings.warehouse.memory_limit}'")
        con.execute("set enable_profiling = 'json'")
        con.execute(f"set profiling_output = '{output}'")
        profiled = Profiled(con, output)

        build.build_chat(profiled, chat, full=not args.incremental, on_step=profiled.step_done)  # type: ignore[arg-type]
        con.close()
    records = profiled.records
    print(f"{len(records)} statements, {sum(r[1] for r in records):.1f} s")
    header = f"{'step':<24} {'s':>5} {'largest':>11} {'scanned':>11} {'spilled MB':>10}  statement"
    print("largest intermediate against rows read:\n" + header)
    for record in sorted(records, key=lambda r: r[2] / max(r[3], 1), reverse=True)[: args.top]:
        _print(record)
    print("\nslowest:\n" + header)
    for record in sorted(records, key=lambda r: -r[1])[: args.top]:
        _print(record)


def _print(record: list) -> None:
    step, seconds, largest, scanned, spilled, query = record
    print(f"{step:<24} {seconds:5.2f} {largest:11,} {scanned:11,} {spilled / 1e6:10.0f}  {query}")


if __name__ == "__main__":
    main()
