"""Pulls into the warehouse: recorded responses served on 127.0.0.1 by the real connectors,
loaded page by page; interrupted pulls resume without gaps or duplicates.

No Prefect here: these call flows/pulling directly. The payloads are the recordings
under tests/fixtures/real (see PROVENANCE.md there); the expected values were read by hand
from those files. The fake servers answer by cursor and as often as asked, so a pull can be
repeated or resumed against them.
"""

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from config.settings import Settings, settings_from_dict
from flows.pulling import (
    PullRefused,
    PullResult,
    coverage_lines,
    is_transient,
    load_pages,
    load_twarc,
    participant_ids,
    pull_activity,
    pull_snapshots,
)
from schemas.pages import Page, SourceError
from tests.builders import load, new_warehouse, post, rows
from tests.sources.fakeserver import (
    Reply,
    fixture_path,
    json_reply,
    recorded,
    serving,
    twarc_api_body,
)
from warehouse.cursors import PullKey
from warehouse.load import content_hash
from warehouse.pages import store_page
from warehouse.publish import writing

X_TOKEN = "x-pull-token-5d1e8a2f9c"
MASTODON_TOKEN = "masto-pull-token-77ab31c0"
BLUESKY_PASSWORD = "bsky-app-pass-q9w8-e7r6"
BLUESKY_JWT = "access-jwt-pull-6b0d9e"
BREXIT_NEXT = "b26v89c19zqg8o3fpds60ssjif02fq74br3502of8hmrh"
KPOP_NEXT = "b26v89c19zqg8o3fpds60ssjlg8rrux0bxoa7beulbhbx"
X_PAGES = {
    None: "twarc/brexit.jsonl",
    BREXIT_NEXT: "twarc/kpop.jsonl",
    KPOP_NEXT: "twarc/two_tweets.jsonl",
}
TAG = "fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp"
MASTODON_PAGES = {
    None: "mastodon/tag_timeline_page1.json",
    "117020582177108552": "mastodon/tag_timeline_page2.json",
    "117020582097668259": "mastodon/tag_timeline_page3.json",
    "117020582018205171": "mastodon/tag_timeline_page4_empty.json",
}
BLUESKY_PAGES = {
    None: "bluesky/atrrr_searchPosts_hashtag_rstats.json",
    "100": "bluesky/atrrr_searchPosts_filters.json",
}
HASHTAGS = {"x": ["Brexit", "kpop"], "mastodon": [TAG], "bluesky": ["rstats"]}
# the Mastodon recordings are of 2026-08-01 13:52-13:53 UTC; the tag timeline is cut by time
MASTODON_SINCE = datetime(2026, 8, 1, 13, 0, tzinfo=UTC)
MASTODON_UNTIL = datetime(2026, 8, 1, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NO_WAIT = {"sleep": lambda seconds: None, "timeout": 5.0}


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", X_TOKEN)
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", MASTODON_TOKEN)
    monkeypatch.setenv("BLUESKY_HANDLE", "tester.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", BLUESKY_PASSWORD)


# -- the fake networks ----------------------------------------------------------------------


def serve_x(server) -> None:
    """X: three search pages chained by next_token; /2/users answers the users.jsonl page."""
    server.handler(
        "GET",
        "/2/tweets/search/recent",
        lambda seen: Reply(200, twarc_api_body(X_PAGES[seen.param("next_token")])),
    )
    server.handler("GET", "/2/users", lambda seen: Reply(200, twarc_api_body("twarc/users.jsonl")))


def serve_mastodon(server) -> None:
    """Mastodon: the recorded tag timeline (Link headers kept); accounts: 23972 is the
    recorded account, every other id is gone (the recorded 404)."""
    server.handler(
        "GET",
        f"/api/v1/timelines/tag/{TAG}",
        lambda seen: recorded(MASTODON_PAGES[seen.param("max_id")]),
    )
    for account_id in ("23972", "117020566092212359", "999"):
        name = "account.json" if account_id == "23972" else "accounts_lookup_404.json"
        server.handler(
            "GET",
            f"/api/v1/accounts/{account_id}",
            lambda seen, name=name: recorded(f"mastodon/{name}"),
        )


def serve_bluesky(server) -> None:
    """Bluesky: a session (written here: no recording keeps tokens), two search pages chained
    by cursor, and the recorded profile for every getProfiles request."""
    session = {
        "did": "did:plc:tester",
        "handle": "tester.bsky.social",
        "accessJwt": BLUESKY_JWT,
        "refreshJwt": "refresh-jwt-pull-1c4f",
    }
    server.handler(
        "POST", "/xrpc/com.atproto.server.createSession", lambda seen: json_reply(session)
    )
    server.handler(
        "GET",
        "/xrpc/app.bsky.feed.searchPosts",
        lambda seen: recorded(BLUESKY_PAGES[seen.param("cursor")]),
    )
    server.handler(
        "GET",
        "/xrpc/app.bsky.actor.getProfiles",
        lambda seen: recorded("bluesky/bskyr_getProfiles.json"),
    )


SERVE = {"x": serve_x, "mastodon": serve_mastodon, "bluesky": serve_bluesky}


def settings_for(url: str, base: Path, source: str, **chat) -> Settings:
    """One chat, `tchat`, on `source` served at `url`."""
    return settings_from_dict(
        {
            "warehouse": {"path": "w.duckdb"},
            "chats": {"tchat": {"hashtags": HASHTAGS[source], "sources": [source], **chat}},
            "sources": {name: {"base_url": url} for name in ("x", "mastodon", "bluesky")},
        },
        base,
        "test",
    )


def window(source: str) -> dict:
    return {"since": MASTODON_SINCE, "until": MASTODON_UNTIL} if source == "mastodon" else {}


def pull(con, settings, source, run_id="r1", **options) -> PullResult:
    """An activity pull of `tchat` with waits that do not sleep."""
    options = {**window(source), "now": NOW, **options}
    return pull_activity(
        con,
        settings,
        settings.chat("tchat"),
        source,
        run_id=run_id,
        client_options=NO_WAIT,
        **options,
    )


def core(con) -> dict[str, list[tuple]]:
    """core and quarantine without the instants that say when a record (or an account's
    asks_not_to_be_indexed) was observed: they are the time of receipt, which differs between
    two pulls of the same responses."""
    return {
        "posts": con.execute(
            "select * exclude (observed_at) from core.posts order by all"
        ).fetchall(),
        "accounts": con.execute(
            "select * exclude (observed_at, asks_not_to_be_indexed_at) from core.accounts "
            "order by all"
        ).fetchall(),
        "snapshots": con.execute(
            "select * exclude (captured_at) from core.follower_snapshots order by all"
        ).fetchall(),
        "quarantine": con.execute(
            "select source, record_kind, reasons, origin from quarantine.rejected order by all"
        ).fetchall(),
    }


WHOLE_TABLES = {
    "posts": "select * from core.posts order by all",
    "accounts": "select * from core.accounts order by all",
    "snapshots": "select * from core.follower_snapshots order by all",
    "quarantine": "select * exclude (run_id) from quarantine.rejected order by all",
}


def whole_tables(con) -> dict[str, list[tuple]]:
    """core and quarantine exactly as held."""
    return {table: con.execute(query).fetchall() for table, query in WHOLE_TABLES.items()}


def one(con, query: str, params: list | None = None) -> dict:
    found = rows(con, query, params)
    assert len(found) == 1, found
    return found[0]


def cursors(con, source: str) -> dict[tuple[str, str], str | None]:
    return {
        (endpoint, scope): cursor
        for endpoint, scope, cursor in con.execute(
            "select endpoint, scope, cursor from ops.pull_cursors where source = ?", [source]
        ).fetchall()
    }


# -- recorded payloads into core ----------------------------------------------------------------


def test_x_search_pages_land_in_raw_once_and_load_into_core(tmp_path):
    """Three X search pages: raw holds each response once, core the mapped records."""
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        result = pull(con, settings, "x")
        assert [r.param("next_token") for r in server.requests] == [None, BREXIT_NEXT, KPOP_NEXT]
    assert result.completed and result.pages_loaded == 3 and result.counts.rejected == 0
    assert (result.report.pages, result.report.records) == (3, 201)
    raw = rows(con, "select * from raw.payloads order by byte_count desc")
    assert [(r["source"], r["endpoint"], r["status"]) for r in raw] == [
        ("x", "search_recent", 200)
    ] * 3
    assert sorted(r["content_hash"] for r in raw) == sorted(
        content_hash(twarc_api_body(name)) for name in X_PAGES.values()
    )
    assert all(r["origin"].startswith(f"{server.url}/2/tweets/search/recent?query=") for r in raw)
    assert raw[0]["body"] == twarc_api_body("twarc/kpop.jsonl")
    # 100 + 100 + 1 tweets, each once
    assert con.execute("select count(*), count(distinct post_id) from core.posts").fetchall() == [
        (201, 201)
    ]
    # read by hand from brexit.jsonl: the tweet 1440716895355764743 and its author
    original = one(con, "select * from core.posts where post_id = '1440716895355764743'")
    assert (original["platform"], original["author_id"], original["author_handle"]) == (
        "x",
        "4203239195",
        "WarmongerHodges",
    )
    assert original["created_at"] == datetime(2021, 9, 22, 16, 37, 29, tzinfo=UTC)
    assert original["kind"] == "original" and original["hashtags"] == ["PeoplesVote", "Brexit"]
    assert original["text"].endswith('Typical "centrists". No principles.')
    followers = one(
        con,
        "select followers_count, following_count, posts_count "
        "from core.follower_snapshots where account_id = '4203239195'",
    )
    assert followers == {"followers_count": 34920, "following_count": 3552, "posts_count": 108443}
    # two_tweets.jsonl: a retweet by LachiVeronica of bibaigna96's tweet
    retweet = one(con, "select * from core.posts where post_id = '1394735776701816833'")
    assert (retweet["kind"], retweet["author_handle"]) == ("repost", "LachiVeronica")
    assert (retweet["referenced_post_id"], retweet["referenced_account_id"]) == (
        "1391677057810288641",
        "1380086327023169540",
    )
    assert one(
        con, "select handle from core.accounts where account_id = '1380086327023169540'"
    ) == {"handle": "bibaigna96"}


def test_reloading_the_same_pages_changes_nothing(tmp_path):
    """The same pages loaded twice (a retry after a failed commit): core, quarantine and raw
    are as after the first load; a fresh pull of the same responses adds no raw payload and no
    post or account, only later observations (snapshots captured when read)."""
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        pages: list[Page] = []
        pull(con, settings, "x", after_page=pages.append)
        before = whole_tables(con)
        key = PullKey("tchat", "x", "search_recent")
        load_pages(con, pages, key, "again", PullResult("tchat", "x", "activity"), run_id="r2")
        assert whole_tables(con) == before
        assert con.execute("select count(*) from raw.payloads").fetchall() == [(3,)]
        observed = core(con)
        again = pull(con, settings, "x", run_id="r3", now=NOW + timedelta(hours=1))
    assert again.pages_loaded == 3
    assert con.execute("select count(*) from raw.payloads").fetchall() == [(3,)]
    after = core(con)
    for table in ("posts", "accounts", "quarantine"):
        assert after[table] == observed[table]
    assert len(after["snapshots"]) == 2 * len(observed["snapshots"])


def test_mastodon_tag_timeline_loads_into_core(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_mastodon(server)
        settings = settings_for(server.url, tmp_path, "mastodon")
        result = pull(con, settings, "mastodon")
        assert all(
            r.headers["authorization"] == f"Bearer {MASTODON_TOKEN}" for r in server.requests
        )
    assert result.pages_loaded == 4 and result.counts.rejected == 0
    assert con.execute(
        "select count(*) from raw.payloads where source = 'mastodon'"
    ).fetchall() == [(4,)]
    assert con.execute("select count(*) from core.posts").fetchall() == [(30,)]
    # read by hand from tag_timeline_page1.json: its first status
    toot = one(con, "select * from core.posts where post_id = '117020582251615632'")
    assert (toot["platform"], toot["author_id"], toot["author_handle"]) == (
        "mastodon",
        "117020566092212359",
        "mastodonpy_test_2@localhost",
    )
    assert toot["created_at"] == datetime(2026, 8, 1, 13, 53, 0, 550000, tzinfo=UTC)
    assert toot["text"] == f"Toot number 29! #{TAG}" and toot["hashtags"] == [TAG]
    snapshot = one(
        con,
        "select followers_count, posts_count from core.follower_snapshots "
        "order by captured_at desc limit 1",
    )
    assert snapshot == {"followers_count": 0, "posts_count": 61}


def test_mastodon_pull_outside_the_window_keeps_nothing_but_raw(tmp_path):
    """Statuses before `since` are left out of core; the response is still in raw."""
    con = new_warehouse()
    with serving() as server:
        serve_mastodon(server)
        settings = settings_for(server.url, tmp_path, "mastodon")
        pull(con, settings, "mastodon", since=datetime(2026, 8, 1, 13, 53, tzinfo=UTC))
    assert con.execute("select count(*) from core.posts").fetchall() == [(5,)]  # 13:53:00.05…
    assert con.execute("select count(*) from raw.payloads").fetchall() == [(1,)]


def test_bluesky_search_loads_into_core(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_bluesky(server)
        settings = settings_for(server.url, tmp_path, "bluesky")
        result = pull(con, settings, "bluesky")
    assert result.pages_loaded == 2 and result.counts.rejected == 0
    assert con.execute("select count(*) from core.posts").fetchall() == [(101,)]
    # the createSession answer is not a page: only the two search responses are in raw
    assert rows(con, "select endpoint from raw.payloads") == [{"endpoint": "searchPosts"}] * 2
    # read by hand from atrrr_searchPosts_hashtag_rstats.json
    bot = one(
        con,
        "select * from core.posts where post_id = "
        "'at://did:plc:lldigzqwjhljz5ripgncyam2/app.bsky.feed.post/3lt4pi6dkra2f'",
    )
    assert (bot["author_id"], bot["author_handle"]) == (
        "did:plc:lldigzqwjhljz5ripgncyam2",
        "rladies-bot.bsky.social",
    )
    assert bot["created_at"] == datetime(2025, 7, 4, 7, 22, 45, 227618, tzinfo=UTC)
    assert (bot["like_count"], bot["repost_count"]) == (6, 2)
    assert one(
        con,
        "select author_handle from core.posts where post_id = "
        "'at://did:plc:ntd53albt5ffa4rgervvgibd/app.bsky.feed.post/3lcmymlgxwa2t'",
    ) == {"author_handle": "jbgruber.bsky.social"}
    assert BLUESKY_JWT not in json.dumps(
        [r["origin"] for r in rows(con, "select origin from raw.payloads")]
    )


def test_twarc_archive_lines_load_and_a_bad_line_is_quarantined_with_its_number():
    """The stream archive: 7 tweets, and a truncated 8th line held in quarantine; the file is
    in raw once; loading it again changes nothing."""
    path = fixture_path("twarc/streaming_output_with_error.jsonl")
    con = new_warehouse()
    result = load_twarc(con, path, "tchat", run_id="r1")
    assert result.pages_loaded == 1 and result.completed  # 8 lines, one batch
    assert (result.counts.rejected, result.report.records) == (1, 7)
    assert con.execute("select count(*) from core.posts").fetchall() == [(7,)]
    raw = one(con, "select * from raw.payloads")
    assert (raw["source"], raw["endpoint"], raw["origin"]) == ("files", "twarc", str(path))
    assert raw["body"] == path.read_bytes() and raw["byte_count"] == path.stat().st_size
    bad = one(con, "select * from quarantine.rejected")
    assert (bad["source"], bad["record_kind"]) == ("twarc", "post")
    assert bad["reasons"][0].startswith("line 8: not valid JSON")
    assert bad["origin"] == f"{path.as_uri()}#line=8"
    assert bad["record"] == path.read_text().splitlines()[7]
    before = whole_tables(con)
    again = load_twarc(con, path, "tchat", run_id="r2")
    assert whole_tables(con) == before and not again.resumed
    assert con.execute("select count(*) from raw.payloads").fetchall() == [(1,)]


def test_twarc_search_and_users_archives_bring_posts_accounts_and_snapshots():
    con = new_warehouse()
    load_twarc(con, fixture_path("twarc/brexit.jsonl"), "tchat", run_id="r1")
    load_twarc(con, fixture_path("twarc/users.jsonl"), "tchat", run_id="r1")
    original = one(con, "select * from core.posts where post_id = '1440716895355764743'")
    # observed when twarc retrieved the page (brexit.meta.json: 2021-09-22T16:38:09)
    assert original["observed_at"] == datetime(2021, 9, 22, 16, 38, 9, tzinfo=UTC)
    assert original["author_handle"] == "WarmongerHodges"
    # users.jsonl, read by hand: LostInStereoLiz
    liz = one(con, "select * from core.follower_snapshots where account_id = '35332943'")
    assert (liz["followers_count"], liz["following_count"], liz["posts_count"]) == (
        2659,
        3244,
        363471,
    )
    assert one(con, "select handle from core.accounts where account_id = '35332943'") == {
        "handle": "LostInStereoLiz"
    }
    assert con.execute("select count(*) from raw.payloads").fetchall() == [(2,)]


def test_a_record_the_schema_rejects_is_quarantined_naming_its_page(tmp_path):
    """A quote whose quoted tweet X did not include cannot name its target: quarantined with
    the page's URL as origin, the rest of the page loaded. (This response is written here:
    no recording holds such a page.)"""
    page = {
        "data": [
            {
                "id": "11",
                "author_id": "1",
                "text": "#Brexit fine",
                "created_at": "2026-11-25T10:00:00.000Z",
                "entities": {"hashtags": [{"tag": "Brexit"}]},
                "public_metrics": {
                    "like_count": 1,
                    "retweet_count": 0,
                    "reply_count": 0,
                    "quote_count": 0,
                },
            },
            {
                "id": "12",
                "author_id": "1",
                "text": "#Brexit see this",
                "created_at": "2026-11-25T10:01:00.000Z",
                "referenced_tweets": [{"type": "quoted", "id": "99"}],
                "entities": {"hashtags": [{"tag": "Brexit"}]},
                "public_metrics": {
                    "like_count": 0,
                    "retweet_count": 0,
                    "reply_count": 0,
                    "quote_count": 0,
                },
            },
        ],
        "includes": {"users": [{"id": "1", "username": "someone", "name": "Some One"}]},
        "meta": {"result_count": 2},
    }
    con = new_warehouse()
    with serving() as server:
        server.handler("GET", "/2/tweets/search/recent", lambda seen: json_reply(page))
        result = pull(con, settings_for(server.url, tmp_path, "x"), "x")
    assert result.counts.rejected == 1
    assert rows(con, "select post_id from core.posts") == [{"post_id": "11"}]
    rejected = one(con, "select * from quarantine.rejected")
    assert rejected["source"] == "x" and rejected["record_kind"] == "post"
    assert rejected["origin"].startswith(f"{server.url}/2/tweets/search/recent?query=")
    assert rejected["origin"].endswith(" record 2")
    assert json.loads(rejected["record"])["post_id"] == "12"
    assert any("referenced" in reason for reason in rejected["reasons"])


# -- where the next pull starts -------------------------------------------------------------


def test_the_next_pull_starts_where_the_last_one_ended(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        first = pull(con, settings, "x")
        assert cursors(con, "x")[("search_recent", "")] is None
        assert cursors(con, "x")[("search_recent", "next_since")] == first.until.isoformat()
        second = pull(con, settings, "x", now=NOW + timedelta(days=1))
        starts = [r.param("start_time") for r in server.requests]
        ends = [r.param("end_time") for r in server.requests]
    # the first pull reaches back 7 days less an hour and ends 30 s before now
    assert first.since == datetime(2026, 11, 19, 13, 0, tzinfo=UTC)
    assert first.until == datetime(2026, 11, 26, 11, 59, 30, tzinfo=UTC)
    assert second.since == first.until and not second.resumed
    assert starts == ["2026-11-19T13:00:00Z"] * 3 + ["2026-11-26T11:59:30Z"] * 3
    assert ends == ["2026-11-26T11:59:30Z"] * 3 + ["2026-11-27T11:59:30Z"] * 3


def test_a_pull_after_more_than_7_days_starts_within_x_recent_search_and_says_so(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        pull(con, settings, "x")
        late = pull(con, settings, "x", now=NOW + timedelta(days=10))
    assert late.since == NOW + timedelta(days=10) - timedelta(days=7) + timedelta(hours=1)
    assert any("beyond X's 7-day recent search" in note for note in late.notes)
    assert any(
        line.startswith("note: posts from 2026-11-26T11:59:30Z") for line in coverage_lines(late)
    )


def test_an_interrupted_x_pull_resumes_until_it_ages_out_of_recent_search(tmp_path):
    """A first pull starts an hour within X's 7 days: interrupted, it resumes half an hour
    later; a day later X would refuse the rest of it, so it is given up and the next pull
    starts afresh from as far back as recent search reaches, saying so."""
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        soon, late = new_warehouse(), new_warehouse()
        for con in (soon, late):
            with pytest.raises(Killed):
                pull(con, settings, "x", after_page=stop_after(1))
        resumed = pull(soon, settings, "x", now=NOW + timedelta(minutes=30))
        asked = len(server.requests)
        later = NOW + timedelta(days=1)
        fresh = pull(late, settings, "x", now=later)
        starts = {r.param("start_time") for r in server.requests[asked:]}
    assert resumed.resumed and resumed.pages_loaded == 2
    assert resumed.since == datetime(2026, 11, 19, 13, 0, tzinfo=UTC)
    assert not fresh.resumed and fresh.pages_loaded == 3
    assert fresh.since == later - timedelta(days=7) + timedelta(hours=1)
    assert starts == {"2026-11-20T13:00:00Z"}
    assert fresh.notes[0].startswith(
        "an interrupted pull of 2026-11-19T13:00:00Z to 2026-11-26T11:59:30Z now reaches beyond"
    )
    assert late.execute("select count(*) from core.posts").fetchall() == [(201,)]


def test_a_window_x_recent_search_cannot_reach_is_refused(tmp_path):
    con = new_warehouse()
    with serving() as server, pytest.raises(PullRefused, match="more than 7 days ago"):
        pull(
            con,
            settings_for(server.url, tmp_path, "x"),
            "x",
            since=datetime(2021, 9, 22, tzinfo=UTC),
        )


def test_nothing_new_makes_no_request(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        pull(con, settings, "x")
        again = pull(con, settings, "x")
        assert len(server.requests) == 3
    assert again.completed and again.pages_loaded == 0
    assert again.notes == ["nothing new: the last pull ended at 2026-11-26T11:59:30Z"]


def test_coverage_names_pages_records_waits_and_cost(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        result = pull(con, settings_for(server.url, tmp_path, "x"), "x")
    assert coverage_lines(result) == [
        "x activity for tchat, 2026-11-19T13:00:00Z to 2026-11-26T11:59:30Z",
        "pages 3, records 201, rate-limit waits 0 (0 s waited), retries 0",
        f"loaded {result.counts.rows_in} rows: {result.counts.changed} new or updated, "
        "0 rejected (see quarantine.rejected)",
        "estimated cost $1.00 (posts read at $0.005 each)",
        "skipped: x search_recent: partial errors in a page: Forbidden (user) ×1",
    ]


def test_rate_limit_waits_are_bounded_by_the_settings(tmp_path):
    """A 429 whose reset is further away than max_wait_seconds stops the pull."""
    con = new_warehouse()
    with serving() as server:
        server.handler(
            "GET",
            "/2/tweets/search/recent",
            lambda seen: Reply(429, b'{"title":"Too Many Requests"}', {"retry-after": "600"}),
        )
        settings = settings_for(server.url, tmp_path, "x")
        settings = settings.model_copy(
            update={
                "sources": settings.sources.model_copy(
                    update={"x": settings.sources.x.model_copy(update={"max_wait_seconds": 60})}
                )
            }
        )
        with pytest.raises(SourceError, match="max_wait_seconds is 60") as caught:
            pull(con, settings, "x")
    assert not is_transient(caught.value)  # a retry in seconds would meet the same limit
    assert is_transient(
        SourceError(
            "x search_recent: http://… failed after 5 retries: ConnectError: connection refused"
        )
    )
    assert is_transient(SourceError("x search_recent: answered 503", status=503))
    assert not is_transient(SourceError("x search_recent: answered 400", status=400))


# -- interrupted pulls resume without gaps or duplicates ---------------------------------------


class Killed(Exception):
    """Stands for the process dying right after a page was committed."""


def stop_after(count: int):
    seen = []

    def hook(page: Page) -> None:
        seen.append(page)
        if len(seen) == count:
            raise Killed

    return hook


def run_activity(path: Path, settings: Settings, source: str, after_page=None) -> PullResult:
    with writing(path) as con:
        return pull(con, settings, source, after_page=after_page)


def run_snapshots(path: Path, settings: Settings, source: str, after_page=None) -> PullResult:
    with writing(path) as con:
        return pull_snapshots(
            con,
            settings,
            settings.chat("tchat"),
            source,
            run_id="s",
            now=NOW,
            client_options=NO_WAIT,
            after_page=after_page,
        )


def published(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return core(con)
    finally:
        con.close()


PAGES = {"x": 3, "mastodon": 4, "bluesky": 2}


@pytest.mark.parametrize(
    ("source", "stop"),
    [(source, stop) for source, pages in PAGES.items() for stop in range(1, pages)],
)
def test_an_interrupted_pull_resumes_to_exactly_the_records_of_a_whole_one(tmp_path, source, stop):
    """Stopped right after page `stop` (nothing published, the working copy keeps the
    committed pages), the next pull asks only for the pages after it."""
    with serving() as server:
        SERVE[source](server)
        whole = tmp_path / "whole"
        run_activity(whole / "w.duckdb", settings_for(server.url, whole, source), source)
        expected = published(whole / "w.duckdb")

        parts = tmp_path / "parts"
        settings = settings_for(server.url, parts, source)
        with pytest.raises(Killed):
            run_activity(settings.warehouse.path, settings, source, after_page=stop_after(stop))
        assert not settings.warehouse.path.exists()
        asked = len(server.requests)
        resumed = run_activity(settings.warehouse.path, settings, source)
        after = server.requests[asked:]
    assert resumed.resumed and resumed.pages_loaded == PAGES[source] - stop
    assert published(settings.warehouse.path) == expected
    assert len([r for r in after if r.method == "GET"]) == PAGES[source] - stop
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    assert con.execute("select count(*) from raw.payloads").fetchall() == [(PAGES[source],)]
    con.close()


def test_an_interrupted_twarc_load_resumes_after_its_last_batch(tmp_path):
    """8 lines (7 tweets and a truncated line) in batches of 2: killed after 3 batches, the
    first 6 tweets are held, and the resumed load reads the last batch only."""
    path = fixture_path("twarc/streaming_output_with_error.jsonl")
    whole = new_warehouse()
    load_twarc(whole, path, "tchat", run_id="whole")
    con = new_warehouse()
    with pytest.raises(Killed):
        load_twarc(con, path, "tchat", run_id="a", after_page=stop_after(3), lines_per_batch=2)
    assert con.execute("select count(*) from core.posts").fetchall() == [(6,)]
    resumed = load_twarc(con, path, "tchat", run_id="b", lines_per_batch=2)
    assert resumed.resumed and resumed.pages_loaded == 1
    assert core(con) == core(whole)


def test_twarc_batches_load_what_single_lines_load(tmp_path):
    """Batching is only a matter of transactions: an archive of every recorded twarc line
    (tweets, users, counts, a truncated line; some tweets on several lines) loads the same
    core and quarantine line by line and three lines at a time."""
    names = ["brexit", "users", "streaming_output_with_error", "kpop", "counts", "two_tweets"]
    path = tmp_path / "all.jsonl"
    lines = [fixture_path(f"twarc/{name}.jsonl").read_bytes().rstrip(b"\n") for name in names]
    path.write_bytes(b"\n".join(lines) + b"\n")
    by_line, batched = new_warehouse(), new_warehouse()
    load_twarc(by_line, path, "tchat", run_id="r", lines_per_batch=1)
    load_twarc(batched, path, "tchat", run_id="r", lines_per_batch=3)
    for table in ("core.posts", "core.accounts", "core.follower_snapshots"):
        everything = f"select * from {table} order by all"  # noqa: S608 - our table names
        assert batched.execute(everything).fetchall() == by_line.execute(everything).fetchall()
    quarantined = "select record, reasons, origin from quarantine.rejected order by origin"
    held = by_line.execute(quarantined).fetchall()
    # brexit is line 1, users 2, the stream 3-10 (10 truncated), kpop 11, counts 12
    assert [reasons[0].split(":")[0] for _, reasons, _ in held] == ["line 10", "line 12"]
    assert batched.execute(quarantined).fetchall() == held


@pytest.mark.parametrize("source", ["x", "bluesky"])
def test_an_interrupted_lookup_resumes_for_the_same_accounts(tmp_path, source):
    with serving() as server:
        SERVE[source](server)
        whole = tmp_path / "whole"
        settings = settings_for(server.url, whole, source)
        run_activity(settings.warehouse.path, settings, source)
        full = run_snapshots(settings.warehouse.path, settings, source)
        expected = published(settings.warehouse.path)

        parts = tmp_path / "parts"
        settings = settings_for(server.url, parts, source)
        run_activity(settings.warehouse.path, settings, source)
        with pytest.raises(Killed):
            run_snapshots(settings.warehouse.path, settings, source, after_page=stop_after(1))
        resumed = run_snapshots(settings.warehouse.path, settings, source)
    assert full.report.pages >= 2
    assert resumed.resumed and resumed.report.pages == full.report.pages - 1
    assert published(settings.warehouse.path) == expected


def test_a_resumed_lookup_asks_for_the_accounts_it_started_with(tmp_path):
    """Someone new takes part while a lookup is interrupted: the resumed lookup finishes the
    accounts it was started with; the next one includes the newcomer."""
    con = new_warehouse()
    load(
        con,
        posts=[
            post(str(n), author, "2026-11-20T10:00:00+00:00", platform="mastodon", hashtags=(TAG,))
            for n, author in enumerate(["23972", "999"])
        ],
    )
    with serving() as server:
        serve_mastodon(server)
        settings = settings_for(server.url, tmp_path, "mastodon")
        chat = settings.chat("tchat")
        pull(con, settings, "mastodon")

        def lookup(**options) -> PullResult:
            return pull_snapshots(
                con,
                settings,
                chat,
                "mastodon",
                run_id="s",
                now=NOW,
                client_options=NO_WAIT,
                **options,
            )

        with pytest.raises(Killed):
            lookup(after_page=stop_after(1))  # 117020566092212359 gone, 23972 loaded
        load(
            con,
            posts=[
                post("9", "5", "2026-11-21T10:00:00+00:00", platform="mastodon", hashtags=(TAG,))
            ],
        )
        asked = len(server.requests)
        resumed = lookup()
        resumed_paths = [r.path for r in server.requests[asked:]]
        asked = len(server.requests)
        fresh = lookup()
        fresh_paths = [r.path for r in server.requests[asked:]]
    assert resumed.resumed and resumed.accounts == 3
    assert resumed_paths == ["/api/v1/accounts/999"]
    assert not fresh.resumed and fresh.accounts == 4
    assert fresh_paths == [
        f"/api/v1/accounts/{n}" for n in ("117020566092212359", "23972", "5", "999")
    ]


def test_a_pending_pull_of_another_window_must_be_finished_first(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_mastodon(server)
        settings = settings_for(server.url, tmp_path, "mastodon")
        with pytest.raises(Killed):
            pull(con, settings, "mastodon", after_page=stop_after(1))
        with pytest.raises(
            PullRefused,
            match="an interrupted pull of 2026-08-01T13:00:00Z to 2026-08-01T14:00:00Z is pending",
        ):
            pull(
                con,
                settings,
                "mastodon",
                since=MASTODON_SINCE,
                until=MASTODON_UNTIL + timedelta(hours=1),
            )
        resumed = pull(con, settings, "mastodon", since=None, until=None)  # the pending one
    assert resumed.resumed and (resumed.since, resumed.until) == (MASTODON_SINCE, MASTODON_UNTIL)
    assert con.execute("select count(*) from core.posts").fetchall() == [(30,)]


# -- snapshots ----------------------------------------------------------------------------------


def test_x_snapshots_look_up_the_chat_participants_100_at_a_time(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        settings = settings_for(server.url, tmp_path, "x")
        pull(con, settings, "x")
        participants = participant_ids(con, settings.chat("tchat"), "x", settings.privacy, NOW)
        result = pull_snapshots(
            con, settings, settings.chat("tchat"), "x", run_id="s", client_options=NO_WAIT
        )
        lookups = [r for r in server.requests if r.path == "/2/users"]
    # the authors of chat posts (#Brexit, #kpop), not the author of the #POIUYTREWQ retweet
    assert "1379899464345923590" not in participants and "4203239195" in participants
    assert [r.param("ids").split(",") for r in lookups] == [participants[:100], participants[100:]]
    assert result.accounts == len(participants) and result.completed
    # users.jsonl, read by hand: LostInStereoLiz has 2659 followers
    assert one(
        con,
        "select distinct followers_count from core.follower_snapshots "
        "where account_id = '35332943'",
    ) == {"followers_count": 2659}
    assert any("not returned" in line for line in result.report.skipped)


def test_mastodon_snapshots_go_one_by_one_and_pass_accounts_that_are_gone(tmp_path):
    con = new_warehouse()
    load(
        con,
        posts=[
            post("1", "23972", "2026-11-20T10:00:00+00:00", platform="mastodon", hashtags=(TAG,)),
            post("2", "999", "2026-11-20T10:00:00+00:00", platform="mastodon", hashtags=(TAG,)),
        ],
    )
    with serving() as server:
        serve_mastodon(server)
        settings = settings_for(server.url, tmp_path, "mastodon")
        pull(con, settings, "mastodon")
        result = pull_snapshots(
            con, settings, settings.chat("tchat"), "mastodon", run_id="s", client_options=NO_WAIT
        )
        asked = [r.path for r in server.requests if r.path.startswith("/api/v1/accounts/")]
    assert asked == [
        "/api/v1/accounts/117020566092212359",
        "/api/v1/accounts/23972",
        "/api/v1/accounts/999",
    ]
    # account.json, read by hand: halcy has 3553 followers, follows 540, 75076 statuses
    assert one(
        con,
        "select followers_count, following_count, posts_count "
        "from core.follower_snapshots where account_id = '23972'",
    ) == {"followers_count": 3553, "following_count": 540, "posts_count": 75076}
    assert result.report.skipped == [
        "mastodon account 117020566092212359: gone (404)",
        "mastodon account 999: gone (404)",
    ]
    # the last account was gone (no page of its own): the lookup is complete all the same
    assert cursors(con, "mastodon")[("account", "")] is None


def test_bluesky_snapshots_ask_25_profiles_a_request(tmp_path):
    con = new_warehouse()
    with serving() as server:
        serve_bluesky(server)
        settings = settings_for(server.url, tmp_path, "bluesky")
        pull(con, settings, "bluesky")
        result = pull_snapshots(
            con, settings, settings.chat("tchat"), "bluesky", run_id="s", client_options=NO_WAIT
        )
        sizes = [
            len(r.query["actors"])
            for r in server.requests
            if r.path == "/xrpc/app.bsky.actor.getProfiles"
        ]
    assert sizes[:-1] == [25] * (len(sizes) - 1) and sum(sizes) == result.accounts
    # bskyr_getProfiles.json, read by hand: chriskenny.bsky.social, 554 followers
    assert one(
        con,
        "select distinct followers_count, following_count, posts_count "
        "from core.follower_snapshots "
        "where account_id = 'did:plc:wpe35pganb6d4pg4ekmfy6u5'",
    ) == {"followers_count": 554, "following_count": 296, "posts_count": 65}


def test_participants_are_chat_authors_recent_or_all_without_opt_outs():
    con = new_warehouse()
    load(
        con,
        posts=[
            post("1", "10", "2026-11-25T10:00:00+00:00"),
            post("2", "11", "2026-10-01T10:00:00+00:00", hashtags=("tchat",)),
            post("3", "12", "2026-11-25T10:00:00+00:00", hashtags=("TChatter",)),
            post("4", "13", "2026-11-25T10:00:00+00:00", handle="OptedOut"),
            post("5", "14", "2026-11-25T10:00:00+00:00"),
            post("6", "15", "2026-11-25T10:00:00+00:00", platform="mastodon"),
        ],
    )
    settings = settings_from_dict(
        {
            "chats": {"tchat": {"hashtags": ["TChat"]}},
            "privacy": {"opt_out": ["x:optedout", "x:14", "mastodon:10"]},
        },
        Path("."),
        "test",
    )
    chat = settings.chat("tchat")
    assert participant_ids(con, chat, "x", settings.privacy, NOW) == ["10", "11"]
    recent = chat.model_copy(update={"snapshot_accounts": "recent:2"})
    assert participant_ids(con, recent, "x", settings.privacy, NOW) == ["10"]
    assert participant_ids(con, chat, "mastodon", settings.privacy, NOW) == ["15"]


# -- secrets ------------------------------------------------------------------------------------


def test_a_token_reaches_no_log_raw_payload_or_error(tmp_path, caplog):
    """A server that echoes the Authorization header in its bodies: the bodies landed in raw
    and the error of a later 401 carry *** instead of the token."""
    caplog.set_level(logging.DEBUG)

    def echo(seen):
        payload = json.loads(twarc_api_body("twarc/two_tweets.jsonl"))
        payload["meta"]["echo"] = seen.headers.get("authorization")
        return json_reply(payload)

    con = new_warehouse()
    with serving() as server:
        server.handler("GET", "/2/tweets/search/recent", echo)
        server.handler(
            "GET",
            "/2/users",
            lambda seen: json_reply(
                {"title": "Unauthorized", "detail": seen.headers.get("authorization")}, 401
            ),
        )
        settings = settings_for(server.url, tmp_path, "x", hashtags=["POIUYTREWQ"])
        pull(con, settings, "x")
        logging.getLogger("sources.http").warning("about to look up with %s", X_TOKEN)
        with pytest.raises(SourceError) as caught:
            pull_snapshots(
                con, settings, settings.chat("tchat"), "x", run_id="s", client_options=NO_WAIT
            )
        assert server.requests[0].headers["authorization"] == f"Bearer {X_TOKEN}"
    assert not is_transient(caught.value)
    held = con.execute("select body, origin from raw.payloads").fetchall()
    assert held and all(
        X_TOKEN.encode() not in body and X_TOKEN not in origin for body, origin in held
    )
    assert b'"echo": "Bearer ***"' in held[0][0]
    assert X_TOKEN not in str(caught.value) and "answered 401" in str(caught.value)
    assert X_TOKEN not in caplog.text and "about to look up with ***" in caplog.text
    assert X_TOKEN not in str(con.execute("select * from ops.pull_cursors").fetchall())


def test_a_missing_token_refuses_the_pull_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("X_BEARER_TOKEN")
    with pytest.raises(
        PullRefused, match="^x: set the environment variable X_BEARER_TOKEN$"
    ) as caught:
        pull(new_warehouse(), settings_for("http://127.0.0.1:9", tmp_path, "x"), "x")
    assert not is_transient(caught.value)


def test_load_page_is_one_transaction(tmp_path):
    """A page whose cursor cannot be recorded leaves nothing of itself behind."""
    con = new_warehouse()
    with serving() as server:
        serve_x(server)
        pages: list[Page] = []
        pull(con, settings_for(server.url, tmp_path, "x"), "x", after_page=pages.append)
    empty = new_warehouse()
    empty.execute("drop table ops.pull_cursors")
    with pytest.raises(duckdb.Error):
        store_page(empty, pages[0], PullKey("tchat", "x", "search_recent"), "w", run_id="r")
    assert empty.execute("select count(*) from raw.payloads").fetchall() == [(0,)]
    assert empty.execute("select count(*) from core.posts").fetchall() == [(0,)]
