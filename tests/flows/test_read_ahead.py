"""ReadAhead: an ingest's canonical files read and validated before their load tasks run, one
at a time in file order; each task takes its file's read once (a retry reads afresh), twarc2
archives are left to their own load."""

from pathlib import Path

from flows.ingest import ReadAhead
from tests.sources.fakeserver import fixture_path

POSTS = (
    "platform,post_id,author_id,author_handle,created_at,text,kind,reply_to_post_id,"
    "reply_to_account_id,referenced_post_id,referenced_account_id,mention_ids,hashtags,urls,"
    "like_count,repost_count,reply_count,quote_count,observed_at\n"
)
SNAPSHOTS = "platform,account_id,captured_at,followers_count,following_count,posts_count\n"


def _files(tmp_path: Path) -> list[tuple[Path, str]]:
    posts = tmp_path / "posts.csv"
    posts.write_text(
        POSTS + "x,1,10,ann,2026-11-18T01:00:00Z,hi,original,,,,,[],[],[],0,0,0,0,"
        "2026-11-19T00:00:00Z\n"
    )
    snapshots = tmp_path / "snapshots.csv"
    snapshots.write_text(SNAPSHOTS + "x,10,2026-11-18T00:00:00Z,5,1,1\n")
    return [(posts, "post"), (fixture_path("twarc/brexit.jsonl"), "post"), (snapshots, "snapshot")]


def test_files_are_started_one_at_a_time_in_order_and_taken_once(tmp_path):
    (posts, _), (archive, _), (snapshots, _) = files = _files(tmp_path)
    ahead = ReadAhead(files)
    assert [ahead.is_canonical(path, kind) for path, kind in files] == [True, False, True]
    assert ahead.take(posts, "post") is None  # nothing started yet
    ahead.start_next()
    assert ahead.take(snapshots, "snapshot") is None  # not its turn yet
    read = ahead.take(posts, "post")
    assert read is not None
    assert [height for height, *_ in read] == [1]
    assert ahead.take(posts, "post") is None  # a retry reads the file afresh
    ahead.start_next()  # the archive is skipped: the snapshots come next
    assert ahead.take(archive, "post") is None
    read = ahead.take(snapshots, "snapshot")
    assert read is not None
    assert [valid.height for _, valid, _ in read] == [1]
    ahead.close()


def test_a_read_no_task_takes_is_stopped(tmp_path):
    ahead = ReadAhead(_files(tmp_path))
    ahead.start_next()
    ahead.close()
    assert ahead.take(tmp_path / "posts.csv", "post") is None
