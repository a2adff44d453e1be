"""Listening to Bluesky's Jetstream for a chat, against a local WebSocket server replaying the
recorded production window (tests/fixtures/real/jetstream, see PROVENANCE.md there) with five
synthetic events appended (tests/fixtures/synthetic), and a local AppView.

The chat's hashtags are #IndieRebellion and #talesatwonderworld. By hand, from the files:
the recorded window has 33 post and repost commits (17 posts created, 1 post deleted, 15
reposts), of which two posts carry one of the chat's tags (did:plc:tn3hni… #IndieRebellion,
did:plc:ynfp6w… #talesatwonderworld), no repost of either, and the deletion is of another
post. The synthetic events add a repost of the #IndieRebellion post, a repost of an untagged
post, a new #IndieRebellion post, and another one with its deletion: 38 events, 4 posts and
1 repost kept, 1 deletion; core ends with 3 posts and the repost.

The AppView's answers are synthetic too (the recordings hold no getPosts of these posts):
built here from the events, each author's handle `<last 6 characters of its DID>.test`,
7 likes, 2 reposts, 1 reply, 0 quotes on every post, 120 followers for every profile; a
deleted post is not returned.
"""

import json
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from config.settings import settings_from_dict
from flows.listening import listen_bluesky, listen_lines
from sources.jetstream import event_instant
from tests.sources.fakejetstream import jetstream
from tests.sources.fakeserver import FIXTURES, json_reply, serving
from warehouse.publish import reading

RECORDED = (FIXTURES / "jetstream" / "bsky_jetstream_corpus_expected_v1.jsonl").read_text()
SYNTHETIC = (FIXTURES.parent / "synthetic" / "jetstream_chat_events.jsonl").read_text()
LINES = [line for line in (RECORDED + SYNTHETIC).splitlines() if line.strip()]
EVENTS = [json.loads(line) for line in LINES]
INDIE = "at://did:plc:tn3hni2jpphsgl6amfbb7ja6/app.bsky.feed.post/3mptbypfywk2v"
TALES = "at://did:plc:ynfp6wddjqpl44gordpsqkuw/app.bsky.feed.post/3mptbyo7tas2u"
NEW = "at://did:plc:synthauthor00000000000001/app.bsky.feed.post/3synthpost001"
GONE = "at://did:plc:synthauthor00000000000002/app.bsky.feed.post/3synthpost002"
REPOST = "at://did:plc:synthreposter000000000001/app.bsky.feed.repost/3synthrepost1"
ROOT = Path(__file__).resolve().parents[2]
UNTIL = event_instant(max(e["time_us"] for e in EVENTS)) + timedelta(seconds=1)


def _uri(event: dict) -> str:
    commit = event["commit"]
    return f"at://{event['did']}/{commit['collection']}/{commit['rkey']}"


RECORDS = {
    _uri(e): e
    for e in EVENTS
    if e.get("kind") == "commit"
    and e["commit"]["collection"] == "app.bsky.feed.post"
    and e["commit"]["operation"] == "create"
}


def _handle(did: str) -> str:
    return f"{did[-6:]}.test"


def _serve_appview(server) -> None:
    def posts(seen):
        views = [
            {
                "uri": uri,
                "cid": RECORDS[uri]["commit"]["cid"],
                "author": {"did": RECORDS[uri]["did"], "handle": _handle(RECORDS[uri]["did"])},
                "record": RECORDS[uri]["commit"]["record"],
                "likeCount": 7,
                "repostCount": 2,
                "replyCount": 1,
                "quoteCount": 0,
                "indexedAt": RECORDS[uri]["commit"]["record"]["createdAt"],
            }
            for uri in seen.query.get("uris", [])
            if uri in RECORDS and uri != GONE
        ]
        return json_reply({"posts": views})

    def profiles(seen):
        return json_reply(
            {
                "profiles": [
                    {"did": did, "handle": _handle(did), "followersCount": 120, "followsCount": 5,
                     "postsCount": 40}
                    for did in seen.query.get("actors", [])
                ]
            }
        )  # fmt: skip

    server.handler("GET", "/xrpc/app.bsky.feed.getPosts", posts)
    server.handler("GET", "/xrpc/app.bsky.actor.getProfiles", profiles)


def _settings(tmp_path, stream_url: str, appview_url: str):
    return settings_from_dict(
        {
            "warehouse": {"path": "w.duckdb"},
            "chats": {
                "tchat": {
                    "hashtags": ["IndieRebellion", "talesatwonderworld"],
                    "sources": ["bluesky"],
                }
            },
            "sources": {
                "jetstream": {
                    "url": stream_url,
                    "appview_url": appview_url,
                    "idle_seconds": 0.4,
                    "batch_seconds": 0.1,
                }
            },
        },
        tmp_path,
        "test",
    )


FAST = {"stream_options": {"tick": 0.05, "sleep": lambda seconds: None},
        "appview_options": {"timeout": 5.0}}  # fmt: skip


def _state(path) -> dict:
    con = reading(path)
    try:
        return {
            "posts": con.execute(
                "select * exclude (observed_at) from core.posts order by post_id"
            ).fetchall(),
            "deleted": con.execute("select post_id from ops.deleted_posts").fetchall(),
            # which accounts have a follower count; how many snapshots each depends on batching
            "snapshots": con.execute(
                "select distinct account_id, followers_count from core.follower_snapshots "
                "order by 1"
            ).fetchall(),
        }
    finally:
        con.close()


def _listen(tmp_path, name: str, drop_after=None, pace=0.0, **options):
    with serving() as appview, jetstream(LINES, drop_after, pace) as (url, fake):
        _serve_appview(appview)
        settings = _settings(tmp_path / name, url, appview.url)
        (tmp_path / name).mkdir(exist_ok=True)
        result = listen_bluesky(settings, settings.chat("tchat"), until=UNTIL, **FAST, **options)
        return settings, result, fake, appview


def test_a_session_keeps_the_chats_posts_their_reposts_and_deletions(tmp_path):
    settings, result, fake, appview = _listen(tmp_path, "one")
    state = _state(settings.warehouse.path)
    posts = {row[1]: row for row in state["posts"]}
    assert set(posts) == {INDIE, TALES, NEW, REPOST}
    assert state["deleted"] == [(GONE,)]
    report = result.report
    assert report.events == 38 and report.duplicates == 0
    assert (report.kept_posts, report.kept_reposts, report.deletes) == (4, 1, 1)
    assert (report.hydrated, report.not_hydrated) == (3, 1)
    assert report.reconnects == 0
    assert result.cursor == max(e["time_us"] for e in EVENTS)
    # hydration: the AppView's handle and counts
    con = reading(settings.warehouse.path)
    try:
        indie = con.execute(
            "select author_handle, like_count, repost_count, reply_count, hashtags, kind "
            "from core.posts where post_id = ?",
            [INDIE],
        ).fetchone()
        repost = con.execute(
            "select author_id, author_handle, kind, referenced_post_id, referenced_account_id, "
            "text, hashtags from core.posts where post_id = ?",
            [REPOST],
        ).fetchone()
        text = con.execute("select text from core.posts where post_id = ?", [INDIE]).fetchone()[0]
        cursor = con.execute(
            "select cursor from ops.pull_cursors where source = 'jetstream' and scope = ''"
        ).fetchone()[0]
        runs = con.execute("select flow, status from ops.runs").fetchall()
        kept_lines = con.execute(
            "select body from raw.payloads where source = 'jetstream'"
        ).fetchall()
    finally:
        con.close()
    assert indie[:4] == (_handle("did:plc:tn3hni2jpphsgl6amfbb7ja6"), 7, 2, 1)
    assert "IndieRebellion" in indie[4] and indie[5] == "original"
    assert repost == (
        "did:plc:synthreposter000000000001",
        _handle("did:plc:synthreposter000000000001"),
        "repost",
        INDIE,
        "did:plc:tn3hni2jpphsgl6amfbb7ja6",
        text,
        indie[4],
    )
    assert int(cursor) == result.cursor
    assert runs == [("listen-bluesky", "succeeded")]
    # the raw log holds the kept events only, as received
    held = b"\n".join(body for (body,) in kept_lines).decode()
    assert INDIE.split("/")[-1] in held and "3mptbyoeyc22k" not in held
    # profiles of the kept posts' authors and of the reposter: follower snapshots
    accounts = {a for a, _ in state["snapshots"]}
    assert "did:plc:synthreposter000000000001" in accounts
    assert "did:plc:tn3hni2jpphsgl6amfbb7ja6" in accounts
    requested = [r for r in appview.requests if r.path.endswith("getPosts")]
    assert all(len(r.query["uris"]) <= 25 for r in requested)
    lines = "\n".join(listen_lines(result))
    assert "events read 38" in lines and "kept 4 posts, 1 reposts and 1 deletions" in lines


def test_the_subscription_asks_for_posts_and_reposts_only(tmp_path):
    settings, result, fake, _ = _listen(tmp_path, "one")
    (path,) = fake.connections
    assert "wantedCollections=app.bsky.feed.post" in path
    assert "wantedCollections=app.bsky.feed.repost" in path
    assert "cursor=" not in path  # the first session starts live


def test_a_dropped_connection_resumes_with_nothing_lost_or_doubled(tmp_path):
    """The first connection is cut after 20 lines: the session reconnects from the newest
    event read less the margin, the server replays from there, the replayed events are
    dropped, and the warehouse ends as the uninterrupted session left it."""
    reference, _, _, _ = _listen(tmp_path, "whole")
    settings, result, fake, _ = _listen(tmp_path, "cut", drop_after=20)
    assert result.report.reconnects == 1 and len(fake.connections) == 2
    assert "cursor=" in fake.connections[1]
    assert result.report.duplicates > 0 and result.report.events == 38
    assert _state(settings.warehouse.path) == _state(reference.warehouse.path)


class Killed(Exception):
    pass


def test_a_session_killed_mid_batch_is_resumed_by_the_next(tmp_path):
    """Events paced out so that several batches are written; the second batch dies inside
    its transaction. Nothing of it is published; the next session starts from the first
    batch's cursor (less the margin) and the warehouse ends as an uninterrupted one."""
    reference, _, _, _ = _listen(tmp_path, "whole")
    batches = []

    def die_in_the_second() -> None:
        batches.append(1)
        if len(batches) == 2:
            raise Killed

    with pytest.raises(Killed):
        _listen(tmp_path, "killed", pace=0.01, before_commit=die_in_the_second)
    settings = _settings(tmp_path / "killed", "ws://unused", "http://unused")
    con = reading(settings.warehouse.path)
    try:
        cursor = con.execute(
            "select cursor from ops.pull_cursors where source = 'jetstream' and scope = ''"
        ).fetchone()[0]
    finally:
        con.close()
    assert int(cursor) < max(e["time_us"] for e in EVENTS)
    settings, result, fake, _ = _listen(tmp_path, "killed")
    assert f"cursor={int(cursor) - 5_000_000}" in fake.connections[0]
    assert _state(settings.warehouse.path) == _state(reference.warehouse.path)


def test_minutes_stop_a_session_by_the_clock(tmp_path):
    with serving() as appview, jetstream(LINES) as (url, _):
        _serve_appview(appview)
        (tmp_path / "m").mkdir()
        settings = _settings(tmp_path / "m", url, appview.url)
        result = listen_bluesky(settings, settings.chat("tchat"), minutes=0.02, **FAST)
    assert result.report.events == 38 and result.report.kept_posts == 4


def _config(folder, stream_url: str, appview_url: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "chatreach.toml").write_text(
        f"""
[warehouse]
path = "w.duckdb"

[chats.tchat]
hashtags = ["IndieRebellion", "talesatwonderworld"]
sources = ["bluesky"]

[sources.jetstream]
url = "{stream_url}"
appview_url = "{appview_url}"
idle_seconds = 0.5
batch_seconds = 0.1
"""
    )


def _command(folder, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "chatreach", "listen", "bluesky", "--chat", "tchat", *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(folder)},
    )


def test_the_command_listens_until_the_instant_and_prints_what_it_kept(tmp_path):
    with serving() as appview, jetstream(LINES) as (url, _):
        _serve_appview(appview)
        _config(tmp_path / "cli", url, appview.url)
        process = _command(tmp_path / "cli", "--until", UNTIL.isoformat())
        output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    assert "events read 38" in output and "kept 4 posts, 1 reposts and 1 deletions" in output
    refused = _command(tmp_path / "cli", "--minutes", "1", "--until", UNTIL.isoformat())
    output, _ = refused.communicate(timeout=60)
    assert refused.returncode != 0 and "give one of --minutes or --until" in output


def test_a_listening_process_killed_is_resumed_by_the_next(tmp_path):
    """`chatreach listen` is killed (SIGKILL) once its first batch is published, while the
    paced stream still sends; the next one resumes from the committed cursor and the
    warehouse ends as after an uninterrupted session."""
    reference, _, _, _ = _listen(tmp_path, "whole")
    folder = tmp_path / "killed"
    with serving() as appview, jetstream(LINES, pace=0.05) as (url, fake):
        _serve_appview(appview)
        _config(folder, url, appview.url)
        process = _command(folder, "--until", UNTIL.isoformat())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _committed(folder / "w.duckdb"):
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        cursor = _committed(folder / "w.duckdb")
        assert cursor is not None and cursor < max(e["time_us"] for e in EVENTS)
        again = _command(folder, "--until", UNTIL.isoformat())
        output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    assert f"cursor={cursor - 5_000_000}" in fake.connections[-1]
    assert _state(folder / "w.duckdb") == _state(reference.warehouse.path)


def _committed(path) -> int | None:
    if not path.exists():
        return None
    try:
        con = reading(path)
    except Exception:  # published between our look and our open: look again
        return None
    try:
        row = con.execute(
            "select cursor from ops.pull_cursors where source = 'jetstream' and scope = ''"
        ).fetchone()
    finally:
        con.close()
    return int(row[0]) if row and row[0] else None
