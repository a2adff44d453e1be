"""Load and build a year of a large simulated chat: time and peak memory of each step.

python -m benchmarks.bench_pipeline [--weeks 52] [--community 5000]
"""

import argparse
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from config.demo import demo_settings
from schemas.records import POST
from sources.simulated import pull_simulated
from transforms.build import build_chat
from transforms.weeks import week_end
from warehouse.ingest import load_records
from warehouse.publish import writing


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - started:8.2f} s   peak {_peak_mb():7.0f} MB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--community", type=int, default=5000)
    args = parser.parse_args()
    end_week = date(2026, 11, 16)
    with tempfile.TemporaryDirectory() as folder:
        settings = demo_settings(Path(folder), args.weeks, seed=7, end_week=end_week)
        demo = settings.sources.demo.model_copy(update={"community_size": args.community})
        chat = settings.chat("tchat")
        last_start = datetime.combine(end_week, datetime.min.time(), tzinfo=UTC)
        history = _timed("simulate", lambda: pull_simulated(demo, chat, None, last_start))
        last_week = pull_simulated(demo, chat, last_start, week_end(end_week, chat.timezone))
        posts = history[POST].height + last_week[POST].height
        print(f"{args.weeks} weeks, {args.community} members: {posts} posts")
        with writing(settings.warehouse.path) as con:
            _timed(
                "load all but the last week",
                lambda: load_records(con, history, source="demo", origin="bench", run_id="bench"),
            )
            _timed("full build", lambda: build_chat(con, chat, full=True))
            _timed(
                "load the last week",
                lambda: load_records(con, last_week, source="demo", origin="bench", run_id="bench"),
            )
            result = _timed("incremental build of the new week", lambda: build_chat(con, chat))
            print(f"weeks recomputed incrementally: {result.weeks_rebuilt}")
        _timed("publish (part of the above) and reopen", lambda: writing)
        size = settings.warehouse.path.stat().st_size / 1e6
        print(f"warehouse file: {size:.0f} MB; one week = {timedelta(weeks=1)}")


if __name__ == "__main__":
    main()
