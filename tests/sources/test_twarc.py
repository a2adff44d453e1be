"""twarc2 archives: recognised by content, one Page per line, bad lines kept for quarantine."""

import gzip
import json
from datetime import UTC, datetime

from schemas.pages import BadLine, PullReport
from sources.twarc import endpoint_of, is_twarc, read_twarc, read_twarc_batches
from tests.sources.fakeserver import fixture_path, rejections, row, twarc_line

STREAM = fixture_path("twarc/streaming_output_with_error.jsonl")


def test_twarc_archives_are_recognised_by_their_content(tmp_path):
    assert is_twarc(fixture_path("twarc/brexit.jsonl"))
    assert is_twarc(fixture_path("twarc/users.jsonl"))
    assert is_twarc(STREAM)  # stream output: `data` is one object
    canonical = tmp_path / "posts.jsonl"
    canonical.write_text('\n{"platform": "x", "post_id": "1", "data": [1]}\n')
    assert not is_twarc(canonical)  # a `data` key alone is not enough
    compliance = tmp_path / "compliance.jsonl"
    compliance.write_text('{"id": "1", "action": "delete", "reason": "deleted"}\n')
    assert not is_twarc(compliance)
    csv = tmp_path / "posts.csv"
    csv.write_text("platform,post_id\nx,1\n")
    assert not is_twarc(csv)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    assert not is_twarc(empty)


def test_each_line_is_a_page_mapped_like_a_live_x_pull():
    path = fixture_path("twarc/brexit.jsonl")
    report = PullReport()
    pages = list(read_twarc(path, report=report))
    assert len(pages) == 1  # one line (and a trailing empty one, skipped)
    page = pages[0]
    assert page.source == "twarc" and page.endpoint == "search_recent"
    assert page.url == f"{path.resolve().as_uri()}#line=1"
    assert page.body == twarc_line("twarc/brexit.jsonl", 1)
    assert page.received_at == datetime(2021, 9, 22, 16, 38, 9, tzinfo=UTC)  # retrieved_at
    assert page.status == 200 and page.cursor is None and page.problems == ()
    assert rejections(page) == {}
    assert (page.posts.height, page.accounts.height, page.snapshots.height) == (100, 177, 177)
    reply = row(page.posts, "post_id", "1440716745577140229")
    assert (reply["kind"], reply["reply_to_account_id"]) == ("reply", "1717521084")
    assert reply["observed_at"] == datetime(2021, 9, 22, 16, 38, 9, tzinfo=UTC)
    assert (report.pages, report.records) == (1, 100)


def test_a_line_that_is_not_json_is_a_bad_line_with_its_number():
    pages = list(read_twarc(STREAM))
    assert len(pages) == 8
    assert all(p.problems == () and p.posts.height == 1 for p in pages[:7])
    bad = pages[7]
    assert bad.posts.height == 0 and bad.accounts.height == 0 and bad.snapshots.height == 0
    assert bad.body == twarc_line("twarc/streaming_output_with_error.jsonl", 8)
    assert bad.url.endswith("#line=8") and bad.cursor is None
    (problem,) = bad.problems
    assert isinstance(problem, BadLine) and problem.line_number == 8
    assert problem.text.startswith('{"data": {"author_id": "1021159080151404544"')
    assert problem.reason.startswith("not valid JSON: ")


def test_pages_other_than_tweets_or_users_are_bad_lines_not_errors():
    (page,) = read_twarc(fixture_path("twarc/counts.jsonl"))
    assert page.endpoint == "tweets_counts_recent"
    (problem,) = page.problems
    assert problem.line_number == 1 and "neither tweets nor users" in problem.reason


def test_a_users_page_gives_accounts_and_snapshots():
    (page,) = read_twarc(fixture_path("twarc/users.jsonl"))
    assert page.endpoint == "users_lookup" and page.posts.height == 0
    assert rejections(page) == {}
    account = row(page.accounts, "account_id", "119369819")
    assert (account["handle"], account["display_name"]) == ("DoDirty78", "DoDirtysHouse")
    snapshot = row(page.snapshots, "account_id", "119369819")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        580,
        518,
        55186,
    )
    assert snapshot["captured_at"] == datetime(2021, 10, 23, 19, 36, 18, tzinfo=UTC)


def test_resuming_from_a_line_cursor_reads_the_remaining_lines():
    whole = list(read_twarc(STREAM))
    resumed = list(read_twarc(STREAM, cursor=whole[2].cursor))
    assert [p.url[-7:] for p in resumed] == [p.url[-7:] for p in whole[3:]]
    assert [p.body for p in resumed] == [p.body for p in whole[3:]]


def test_batches_merge_consecutive_lines_and_resume_after_their_last():
    """8 lines by 3: lines 1-3, 4-6, 7-8; a batch's cursor is its last line's."""
    lines = list(read_twarc(STREAM))
    batches = list(read_twarc_batches(STREAM, lines=3))
    base = STREAM.resolve().as_uri()
    assert [b.url for b in batches] == [
        f"{base}#lines={a}-{z}" for a, z in [(1, 3), (4, 6), (7, 8)]
    ]
    assert [b.posts.height for b in batches] == [3, 3, 1]
    assert [b.posts["post_id"].to_list() for b in batches[:2]] == [
        [p.posts["post_id"][0] for p in lines[0:3]],
        [p.posts["post_id"][0] for p in lines[3:6]],
    ]
    assert batches[0].cursor == lines[2].cursor and batches[-1].cursor is None
    assert [p.line_number for p in batches[-1].problems] == [8]
    assert batches[1].body == b"\n".join(p.body for p in lines[3:6])
    resumed = list(read_twarc_batches(STREAM, cursor=batches[0].cursor, lines=3))
    assert [b.url for b in resumed] == [b.url for b in batches[1:]]


def test_a_batch_ends_early_at_its_byte_limit():
    """Lines of 8089, 5320, 2712, 2953, 3755, 4162, 3093 and 44 bytes; a batch ends once it
    holds 6,000 bytes or more: 1 | 2-3 | 4-5 | 6-7 | 8."""
    assert [len(p.body) for p in read_twarc(STREAM)] == [
        8089,
        5320,
        2712,
        2953,
        3755,
        4162,
        3093,
        44,
    ]
    batches = list(read_twarc_batches(STREAM, lines=50, max_bytes=6000))
    ends = [b.url.rsplit("#", 1)[1] for b in batches]
    assert ends == ["line=1", "lines=2-3", "lines=4-5", "lines=6-7", "line=8"]


def test_a_gzipped_archive_is_read_the_same(tmp_path):
    raw = fixture_path("twarc/two_tweets.jsonl").read_bytes()
    packed = tmp_path / "two_tweets.jsonl.gz"
    packed.write_bytes(gzip.compress(raw))
    assert is_twarc(packed)
    (page,) = read_twarc(packed)
    post = row(page.posts, "post_id", "1394735776701816833")
    assert (post["kind"], post["referenced_account_id"]) == ("repost", "1380086327023169540")


def test_a_line_without_twarc_metadata_is_dated_by_the_file(tmp_path):
    payload = json.loads(twarc_line("twarc/two_tweets.jsonl"))
    del payload["__twarc"]
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps(payload) + "\n")
    (page,) = read_twarc(path)
    assert page.endpoint == "twarc"
    assert page.received_at == datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    assert page.posts["observed_at"].to_list() == [page.received_at]


def test_endpoint_names_come_from_the_recorded_url():
    assert endpoint_of("https://api.twitter.com/2/tweets/search/all?query=x") == "search_all"
    assert endpoint_of("https://api.twitter.com/2/tweets?ids=1") == "tweets_lookup"
    assert endpoint_of("https://api.twitter.com/2/users/123/tweets") == "users_id_tweets"
    assert endpoint_of(None) == "twarc"


def test_views_are_xs_impression_count():
    """Both recorded tweet lookups carry public_metrics.impression_count (X's views, 2023): each
    post's view_count is that number, read from the archive line itself."""
    for name in ("twarc/cashtags.jsonl", "twarc/verified_type.jsonl"):
        recorded = {
            tweet["id"]: tweet["public_metrics"]["impression_count"]
            for line in fixture_path(name).read_text().splitlines()
            if line.strip()
            for tweet in json.loads(line)["data"]
        }
        assert recorded and all(v > 0 for v in recorded.values())
        posts = [p.posts for p in read_twarc(fixture_path(name))]
        mapped = {r["post_id"]: r["view_count"] for frame in posts for r in frame.to_dicts()}
        assert mapped == recorded, name


def test_posts_recorded_before_x_reported_views_have_none():
    """The 2021 #brexit page has no impression_count: every view_count is NULL, not 0."""
    (page,) = read_twarc(fixture_path("twarc/brexit.jsonl"))
    assert page.posts["view_count"].null_count() == page.posts.height == 100
