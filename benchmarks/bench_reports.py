"""Time the report pages on a year of a chat: 52 weeks, a few thousand accounts.

The simulator (`sources.demo`) makes the year, the real loads and transforms build the marts,
then each page of the last week is rendered and timed on its own. The target is under 2 s per
page; the script exits non-zero when a page takes longer.

    .venv/bin/python -m benchmarks.bench_reports [--weeks 52] [--accounts 3000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from email.policy import SMTP
from pathlib import Path

import duckdb
import polars as pl

from config.chat import ChatSettings
from delivery.content import week_content
from delivery.message import addressed
from delivery.week import sponsor_message
from reports.community import community_page
from reports.index_page import index_page
from reports.pages import PageContext, Table, now_utc, table_bodies
from reports.participants import (
    participant_glossary,
    participant_page,
    week_columns,
    why_extras,
    write_participant_pages,
)
from reports.queries import common as queries
from reports.queries.participants import participant_weeks
from reports.render import write_week_reports
from reports.site import Site
from reports.sponsor import sponsor_page
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.demo import GAMING_BEHAVIOURS, simulate
from transforms.build import build_chat
from warehouse.ingest import load_records
from warehouse.migrate import migrate

LIMIT_SECONDS = 2.0
END_WEEK = date(2025, 11, 3)
CHAT = ChatSettings(
    slug="tchat",
    hashtags=["TChat"],
    timezone="America/New_York",
    hosts=["TalentCulture", "MeghanMBiro"],
    sponsors=["Monster_Works"],
)


def build_year(path: Path, weeks: int, accounts: int) -> dict[str, float]:
    """Simulate, load and build the chat into a warehouse file; return what each step took."""
    timings = {}
    start = time.perf_counter()
    data = simulate(
        weeks=weeks,
        seed=7,
        end_week=END_WEEK,
        hashtag="TChat",
        timezone=CHAT.timezone,
        hosts=tuple(CHAT.hosts),
        sponsor=CHAT.sponsors[0],
        community_size=accounts,
        gaming=frozenset(GAMING_BEHAVIOURS),
    )
    timings["simulate"] = time.perf_counter() - start
    con = duckdb.connect(str(path))
    try:
        con.execute("set timezone = 'UTC'")
        migrate(con)
        start = time.perf_counter()
        load_records(
            con,
            {POST: data.posts, ACCOUNT: data.accounts, SNAPSHOT: data.snapshots},
            source="demo",
            origin="bench",
            run_id="bench",
        )
        timings["load"] = time.perf_counter() - start
        start = time.perf_counter()
        build_chat(con, CHAT)
        timings["build"] = time.perf_counter() - start
        con.execute("checkpoint")
    finally:
        con.close()
    return timings


def time_pages(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, object]:
    """Render each kind of page of the last week on its own and time it (including its queries)."""
    site = Site(out)
    site.write_assets()
    shape = queries.warehouse_shape(con)
    context = PageContext(con, CHAT, END_WEEK, shape, queries.OptOut(), site, now_utc())
    results: dict[str, object] = {}

    start = time.perf_counter()
    pages = write_participant_pages(context)
    participants_total = time.perf_counter() - start
    per_page = []
    for path in pages[:40]:  # a sample, each rendered again alone, to time pages one by one
        platform, _, account_id = path.stem.partition("-")
        accounts = pl.DataFrame({"platform": [platform], "account_id": [account_id]})
        one = time.perf_counter()
        names = queries.account_names(con, accounts, context.hidden)
        history = participant_weeks(con, CHAT, END_WEEK, accounts)
        columns = week_columns(history, has_influence=True)
        [body] = table_bodies(history, columns, ["platform", "account_id"]).values()
        table = Table(columns, [], "Week by week", body=body)
        participant_page(
            context,
            names.to_dicts()[0],
            history,
            why_extras(context),
            table,
            participant_glossary(),
        )
        per_page.append(time.perf_counter() - one)
    context.pages = site.participant_pages(CHAT.slug)
    results["participant pages"] = {
        "pages": len(pages),
        "all pages, s": participants_total,
        "per page (all written / pages), s": participants_total / max(len(pages), 1),
        "one page alone, median s": statistics.median(per_page) if per_page else 0.0,
        "one page alone, max s": max(per_page) if per_page else 0.0,
    }
    for name, render in (("community page", community_page), ("sponsor page", sponsor_page)):
        start = time.perf_counter()
        html = render(context)
        results[name] = {"s": time.perf_counter() - start, "bytes": len(html.encode())}
    start = time.perf_counter()
    html = index_page(con, [CHAT], site, context.hidden)
    results["index page"] = {"s": time.perf_counter() - start, "bytes": len(html.encode())}
    return results


def page_sizes(written: list[Path]) -> dict[str, int]:
    """Bytes of each kind of page written (participant pages: the median and the largest)."""
    sizes = {p.name: p.stat().st_size for p in written if p.parent.name != "participants"}
    people = sorted(p.stat().st_size for p in written if p.parent.name == "participants")
    if people:
        sizes["participant page, median"] = people[len(people) // 2]
        sizes["participant page, largest"] = people[-1]
    return sizes


def mail_bytes(con: duckdb.DuckDBPyConnection, sponsor: Path) -> int:
    """The size of the week's sponsor mail as an SMTP server receives it."""
    message = sponsor_message(week_content(con, CHAT, END_WEEK), sponsor, "r@x")
    return len(addressed(message, "sponsor@example.org", "r@x").as_bytes(policy=SMTP))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--accounts", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="folder to keep the warehouse and pages in")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-"))
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "chatreach.duckdb"
    warehouse.unlink(missing_ok=True)
    setup = build_year(warehouse, args.weeks, args.accounts)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        size = con.execute(
            "select (select count(*) from core.posts), (select count(*) from core.accounts), "
            "(select count(*) from marts.account_week), (select count(*) from marts.chat_week), "
            "(select count(*) from marts.account_week where week_start = ? and participated)",
            [END_WEEK],
        ).fetchall()[0]
        pages = time_pages(con, folder / "pages")
        start = time.perf_counter()
        written = write_week_reports(con, CHAT, END_WEEK, folder / "site")
        total = time.perf_counter() - start
        mail = mail_bytes(con, Site(folder / "site").sponsor_path(CHAT.slug, END_WEEK))
    finally:
        con.close()
    print(
        f"data: {size[0]:,} posts, {size[1]:,} accounts, {size[2]:,} account_week rows, "
        f"{size[3]} weeks, {size[4]:,} participants in the last week"
    )
    print("setup: " + ", ".join(f"{k} {v:.1f} s" for k, v in setup.items()))
    slow = []
    for name, result in pages.items():
        print(
            f"{name}: "
            + ", ".join(
                f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in result.items()
            )
        )
        worst = max(
            v
            for k, v in result.items()
            if k.endswith("s") and isinstance(v, float) and "all pages" not in k
        )
        if worst > LIMIT_SECONDS:
            slow.append(name)
    print(
        f"write_week_reports (every page of the week, the index): {len(written):,} files "
        f"in {total:.1f} s"
    )
    print("page sizes: " + ", ".join(f"{k} {v:,} B" for k, v in page_sizes(written).items()))
    print(f"the week's mail as sent (base64 included, kaleido's images): {mail:,} B")
    print("OK: every page under 2 s" if not slow else f"SLOW: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
