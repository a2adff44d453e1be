"""Loads: idempotent upserts with the replacement rules, quarantine, and whole-file failures."""

from pathlib import Path

import polars as pl
import pytest

from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.files import BadFile, read_canonical
from tests.builders import account, frame, load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat
from warehouse import ingest
from warehouse.ingest import OneAhead, Validating, load_file

HEADER = (
    "platform,post_id,author_id,author_handle,created_at,text,kind,reply_to_post_id,"
    "reply_to_account_id,referenced_post_id,referenced_account_id,mention_ids,hashtags,urls,"
    "like_count,repost_count,reply_count,quote_count,observed_at"
)
GOOD_1 = 'x,1,10,alice,2026-11-18T01:00:00Z,Q1 hi,original,,,,,"[""11""]","[""TChat""]",[],3,0,0,0,2026-11-19T00:00:00Z'
GOOD_2 = 'x,2,11,bob,2026-11-18T01:05:00Z,A1 yes,reply,1,10,,,[],"[""TChat""]",[],1,0,0,0,2026-11-19T00:00:00Z'
NAIVE = "x,3,11,bob,2026-11-18T01:06:00,naive,original,,,,,[],[],[],0,0,0,0,2026-11-19T00:00:00Z"
NEGATIVE = "x,4,11,bob,2026-11-18T01:07:00Z,neg,original,,,,,[],[],[],-2,0,0,0,2026-11-19T00:00:00Z"


def _write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load_posts(con, path: Path):
    return load_file(con, path, POST, read_canonical(path, POST), run_id="t")


def _tables(con) -> dict[str, pl.DataFrame]:
    names = [
        "core.posts",
        "core.accounts",
        "core.follower_snapshots",
        "marts.account_week",
        "marts.chat_week",
    ]
    tables = {name: con.sql(f"select * from {name}").pl().sort(pl.all()) for name in names}
    tables["quarantine.rejected"] = (
        con.sql("select source, record_kind, record, reasons, origin from quarantine.rejected")
        .pl()
        .sort("record")
    )
    return tables


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    """core, quarantine and marts are identical after a second load of the same file."""
    path = _write(tmp_path, "posts.csv", HEADER, GOOD_1, GOOD_2, NAIVE, NEGATIVE)
    con = new_warehouse()
    first = _load_posts(con, path)
    build_chat(con, tchat())
    before = _tables(con)
    second = _load_posts(con, path)
    build_chat(con, tchat())
    after = _tables(con)
    assert (first.rows_in, first.changed, first.rejected) == (4, 2, 2)
    assert (second.rows_in, second.changed) == (4, 0)
    for name, table in before.items():
        assert after[name].equals(table), name


def test_quarantine_holds_exactly_the_bad_rows_with_reasons(tmp_path):
    path = _write(tmp_path, "posts.csv", HEADER, GOOD_1, NAIVE, GOOD_2, NEGATIVE)
    con = new_warehouse()
    _load_posts(con, path)
    assert [r["post_id"] for r in rows(con, "select post_id from core.posts order by 1")] == [
        "1",
        "2",
    ]
    held = rows(con, "select origin, reasons, record from quarantine.rejected order by origin")
    assert [h["origin"] for h in held] == ["posts.csv record 2", "posts.csv record 4"]
    assert "created_at" in held[0]["reasons"][0] and "time zone" in held[0]["reasons"][0]
    assert held[1]["reasons"] == ["like_count ('-2') must not be negative"]
    assert '"post_id":"3"' in held[0]["record"]


def test_a_later_observation_replaces_an_equal_or_earlier_one_does_not():
    con = new_warehouse()
    load(
        con,
        posts=[
            post(
                "1",
                "10",
                "2026-11-18T01:00:00+00:00",
                likes=1,
                observed="2026-11-19T00:00:00+00:00",
            )
        ],
    )
    load(
        con,
        posts=[
            post(
                "1",
                "10",
                "2026-11-18T01:00:00+00:00",
                likes=7,
                observed="2026-11-20T00:00:00+00:00",
            )
        ],
    )
    load(
        con,
        posts=[
            post(
                "1",
                "10",
                "2026-11-18T01:00:00+00:00",
                likes=99,
                observed="2026-11-20T00:00:00+00:00",
            )
        ],
    )
    load(
        con,
        posts=[
            post(
                "1",
                "10",
                "2026-11-18T01:00:00+00:00",
                likes=50,
                observed="2026-11-19T12:00:00+00:00",
            )
        ],
    )
    assert rows(con, "select like_count from core.posts") == [{"like_count": 7}]


def test_duplicates_in_one_batch_keep_the_latest_and_settle_a_tie_by_hash():
    """The latest observation wins; two at that time that differ are a conflict, which the
    smaller SHA-256 of the canonical JSON settles (tests/warehouse/test_conflicts.py)."""
    from tests.warehouse.test_conflicts import _sha

    con = new_warehouse()
    at = "2026-11-18T01:00:00+00:00"
    older = post("1", "10", at, likes=1, observed="2026-11-19T00:00:00+00:00")
    tied = [post("1", "10", at, likes=n, observed="2026-11-21T00:00:00+00:00") for n in (2, 3)]
    load(con, posts=[older, *tied])
    winner = min(tied, key=_sha)
    assert rows(con, "select like_count from core.posts") == [{"like_count": winner["like_count"]}]
    assert rows(con, "select count(*) as n from quarantine.rejected") == [{"n": 1}]


def test_an_account_without_observation_time_never_replaces_one_with_it():
    con = new_warehouse()
    load(con, accounts=[account("1", "alice", "Alice", "2026-11-19T00:00:00+00:00")])
    load(con, accounts=[account("1", "alice2", "Alias", None)])
    load(con, accounts=[account("1", "alice3", "Newer", "2026-11-20T00:00:00+00:00")])
    assert rows(con, "select handle, display_name from core.accounts") == [
        {"handle": "alice3", "display_name": "Newer"}
    ]


def test_a_snapshot_key_is_held_once():
    """Two counts of one account at one instant are a conflict: one stays, by hash."""
    from tests.warehouse.test_conflicts import _sha

    first, second = (snapshot("1", "2026-11-19T00:00:00+00:00", n) for n in (5, 9))
    con = new_warehouse()
    load(con, snapshots=[first])
    load(con, snapshots=[second, snapshot("1", "2026-11-20T00:00:00+00:00", 6)])
    kept = min([first, second], key=_sha)["followers_count"]
    assert rows(
        con, "select followers_count from core.follower_snapshots order by captured_at"
    ) == [{"followers_count": kept}, {"followers_count": 6}]


def test_reloading_a_bad_record_does_not_add_it_twice(tmp_path):
    path = _write(tmp_path, "posts.csv", HEADER, NAIVE)
    con = new_warehouse()
    _load_posts(con, path)
    _load_posts(con, path)
    assert rows(con, "select count(*) as n from quarantine.rejected") == [{"n": 1}]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("posts.csv", HEADER.replace(",created_at", "") + "\n", "missing column created_at"),
        ("posts.csv", "", "the file is empty"),
        ("posts.parquet", "not parquet at all", "posts.parquet"),
        ("posts.txt", HEADER, "unknown file type '.txt'"),
    ],
)
def test_a_bad_file_loads_nothing_and_names_the_problem(tmp_path, name, content, problem):
    good = _write(tmp_path, "good.csv", HEADER, GOOD_1)
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    con = new_warehouse()
    _load_posts(con, good)
    before = _tables(con)
    with pytest.raises(BadFile) as raised:
        _load_posts(con, bad)
    assert problem in str(raised.value) and name in str(raised.value)
    for table_name, table in before.items():
        assert _tables(con)[table_name].equals(table), table_name


def test_jsonl_truncated_line_is_one_rejected_record(tmp_path):
    """A broken JSONL line goes to quarantine; the good lines load."""
    good = frame(POST, [post("1", "10", "2026-11-18T01:00:00+00:00")])
    line = (
        good.with_columns(
            pl.col("created_at").dt.to_string("%Y-%m-%dT%H:%M:%SZ"),
            pl.col("observed_at").dt.to_string("%Y-%m-%dT%H:%M:%SZ"),
        )
        .write_ndjson()
        .strip()
    )
    path = _write(tmp_path, "posts.jsonl", line, line.replace('"1"', '"2"')[:40], "")
    con = new_warehouse()
    counts = _load_posts(con, path)
    assert (counts.changed, counts.rejected) == (1, 1)
    [held] = rows(con, "select origin, reasons from quarantine.rejected")
    assert held["origin"] == "posts.jsonl record 2"
    assert held["reasons"] == ["not valid JSON (a truncated or broken line)"]


def test_parquet_with_numeric_ids_and_lists_loads(tmp_path):
    """Integer ids become exact text; native lists and time-zone-aware instants are kept."""
    table = frame(
        POST, [post("1", "10", "2026-11-18T01:00:00+00:00", mentions=("5",))]
    ).with_columns(pl.lit(1460323737035677698, pl.Int64).alias("post_id"))
    path = tmp_path / "posts.parquet"
    table.write_parquet(path)
    con = new_warehouse()
    counts = _load_posts(con, path)
    assert counts.changed == 1
    assert rows(con, "select post_id, mention_ids from core.posts") == [
        {"post_id": "1460323737035677698", "mention_ids": ["5"]}
    ]


def test_accounts_and_snapshots_files_load(tmp_path):
    accounts = _write(
        tmp_path,
        "accounts.csv",
        "platform,account_id,handle,display_name,observed_at",
        'x,10,alice,"Alice <b>",2026-11-19T00:00:00Z',
    )
    snapshots = _write(
        tmp_path,
        "snapshots.csv",
        "platform,account_id,captured_at,followers_count,following_count,posts_count",
        "x,10,2026-11-19T00:00:00Z,120,,",
    )
    con = new_warehouse()
    load_file(con, accounts, ACCOUNT, read_canonical(accounts, ACCOUNT), run_id="t")
    load_file(con, snapshots, SNAPSHOT, read_canonical(snapshots, SNAPSHOT), run_id="t")
    assert rows(con, "select display_name from core.accounts") == [{"display_name": "Alice <b>"}]
    assert rows(con, "select followers_count, following_count from core.follower_snapshots") == [
        {"followers_count": 120, "following_count": None}
    ]


def test_a_file_larger_than_one_batch_streams_in_batches(tmp_path):
    """Batches of two rows load a five-row file completely."""
    lines = [GOOD_1.replace("x,1,10", f"x,{i},10") for i in range(1, 6)]
    path = _write(tmp_path, "posts.csv", HEADER, *lines)
    batches = list(read_canonical(path, POST, batch_rows=2))
    assert [b.height for b in batches] == [2, 2, 1]
    assert [b["_row"].to_list() for b in batches] == [[1, 2], [3, 4], [5]]


def test_the_next_batch_is_read_one_ahead_of_the_load_in_order():
    """While the load works on batch k, only batch k + 1 may be made: a file larger than
    memory still streams."""
    made = []

    def source():
        for number in range(1, 6):
            made.append(number)
            yield number

    seen = []
    for number in OneAhead(source()):
        assert len(made) <= number + 1
        seen.append(number)
    assert seen == [1, 2, 3, 4, 5]


def test_each_loaded_batch_is_told_with_its_record_count(tmp_path):
    lines = [GOOD_1.replace("x,1,10", f"x,{i},10") for i in range(1, 6)]
    path = _write(tmp_path, "posts.csv", HEADER, *lines)
    told: list[int] = []
    batches = read_canonical(path, POST, batch_rows=2)
    load_file(new_warehouse(), path, POST, batches, run_id="t", on_batch=told.append)
    assert told == [2, 2, 1]


def test_a_file_read_before_the_warehouse_opens_loads_as_one_read_in_its_load(tmp_path):
    """A read started early (`Validating`, as an ingest starts its first file before copying
    the warehouse) loads the same rows, the bad one quarantined, as a read made by the load."""
    path = _write(tmp_path, "posts.csv", HEADER, GOOD_1, NEGATIVE, GOOD_2)
    early = Validating(POST, read_canonical(path, POST))
    first, second = new_warehouse(), new_warehouse()
    load_file(first, path, POST, early, run_id="t")
    _load_posts(second, path)
    posts = "select * from core.posts order by all"
    rejected = "select record, reasons, origin from quarantine.rejected order by all"
    for query in (posts, rejected):
        assert rows(first, query) == rows(second, query), query
    assert len(rows(first, rejected)) == 1
    assert [r["post_id"] for r in rows(first, "select post_id from core.posts order by 1")] == [
        "1",
        "2",
    ]


def test_a_file_that_breaks_in_a_later_batch_loads_nothing(tmp_path):
    """The batches read ahead of the load are one file's: an error reading its third batch
    reaches the load, which keeps none of the two batches before it."""
    lines = [GOOD_1.replace("x,1,10", f"x,{i},10") for i in range(1, 6)]
    path = _write(tmp_path, "posts.csv", HEADER, *lines)
    con = new_warehouse()
    before = _tables(con)

    def breaking():
        for number, batch in enumerate(read_canonical(path, POST, batch_rows=2), start=1):
            if number == 3:
                raise BadFile(path, "line 5: the disk went away")
            yield batch

    with pytest.raises(BadFile, match="the disk went away"):
        load_file(con, path, POST, breaking(), run_id="t")
    for table_name, table in before.items():
        assert _tables(con)[table_name].equals(table), table_name


def test_a_key_repeated_across_batches_and_loads_is_held_once(tmp_path):
    """core.posts keeps its key without an index (migration 0020): a post repeated in later
    batches of one file, and the file loaded again, is still one row, and the change log
    numbers each entry once (a chat has been built, so the log is written)."""
    lines = [GOOD_1, GOOD_2, GOOD_1, GOOD_2, GOOD_1]
    path = _write(tmp_path, "posts.csv", HEADER, *lines)
    con = new_warehouse()
    build_chat(con, tchat())
    for _ in range(2):
        load_file(con, path, POST, read_canonical(path, POST, batch_rows=2), run_id="t")
    assert rows(con, "select post_id, count(*) as n from core.posts group by all order by 1") == [
        {"post_id": "1", "n": 1},
        {"post_id": "2", "n": 1},
    ]
    assert rows(
        con,
        "select count(*) > 0 and count(*) = count(distinct change_id) as unique_ids "
        "from ops.changes",
    ) == [{"unique_ids": True}]


def test_a_file_staged_in_parts_loads_as_the_file_staged_whole(tmp_path, monkeypatch):
    """A load settles and upserts its staged rows together once they reach STAGE_BYTES: staged
    in a part per batch, a file of a conflict, a later observation and a bad record leaves the
    warehouse as the same file staged whole."""
    later = GOOD_1.replace("Q1 hi", "Q1 hi again").replace(
        "2026-11-19T00:00:00Z", "2026-11-20T00:00:00Z"
    )
    clash = GOOD_2.replace("A1 yes", "A1 no")
    lines = [GOOD_1, GOOD_2, NEGATIVE, clash, later, GOOD_2]
    path = _write(tmp_path, "posts.csv", HEADER, *lines)
    whole, parts = new_warehouse(), new_warehouse()
    load_file(whole, path, POST, read_canonical(path, POST, batch_rows=2), run_id="t")
    monkeypatch.setattr(ingest, "STAGE_BYTES", 1)
    load_file(parts, path, POST, read_canonical(path, POST, batch_rows=2), run_id="t")
    posts = "select post_id, text from core.posts order by all"
    # Where a loser was seen (its origin: a record of the file, or held) depends on the parts.
    rejected = "select record, reasons from quarantine.rejected order by all"
    assert rows(whole, posts) == rows(parts, posts)
    assert rows(whole, rejected) == rows(parts, rejected)
    # Read off the rules: the later observation of post 1 holds; of the two versions of post
    # 2 one is kept, the other quarantined with the negative record.
    assert [r["text"] for r in rows(parts, posts)][0] == "Q1 hi again"
    reasons = [r["reasons"][0] for r in rows(parts, rejected)]
    assert len(reasons) == 2
    assert sum(reason.startswith("conflict: ") for reason in reasons) == 1
