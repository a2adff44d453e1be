"""The Bluesky connector against recorded XRPC responses served on 127.0.0.1.

searchPosts and getProfiles bodies are real recordings (atrrr, bskyr); expected values were
read by hand from them. createSession/refreshSession 200 bodies and the ExpiredToken 401 are
written here (no recording keeps session tokens); their shapes follow the lexicons.
"""

import json
import logging
from datetime import UTC, datetime

import pytest

from config.sources import BlueskySource
from schemas.pages import PullReport, SourceError
from sources.bluesky import BlueskyClient, get_profiles, search_posts
from tests.sources.fakeserver import (
    Reply,
    json_reply,
    recorded,
    rejections,
    row,
    serving,
)

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
PROFILES = "/xrpc/app.bsky.actor.getProfiles"
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
HANDLE, PASSWORD = "tester.bsky.social", "app-pass-wxyz-1234-abcd"
SESSIONS = [
    {
        "did": "did:plc:tester0000000000000000",
        "handle": HANDLE,
        "accessJwt": f"access-jwt-{n}-3f9d0c",
        "refreshJwt": f"refresh-jwt-{n}-8c2a71",
        "active": True,
    }
    for n in (1, 2)
]
SECRETS = [PASSWORD] + [s["accessJwt"] for s in SESSIONS] + [s["refreshJwt"] for s in SESSIONS]
RSTATS = "bluesky/atrrr_searchPosts_hashtag_rstats.json"  # 100 posts, cursor "100"
FILTERS = "bluesky/atrrr_searchPosts_filters.json"  # 1 post, no cursor
SINCE = datetime(2025, 7, 1, tzinfo=UTC)
UNTIL = datetime(2025, 7, 4, 9, 0, tzinfo=UTC)
CLOCK = 1_751_619_000.0


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)


def make_client(server, sleeps=None) -> BlueskyClient:
    return BlueskyClient(
        BlueskySource(base_url=server.url),
        sleep=sleeps if sleeps is not None else Sleeps(),
        clock=lambda: CLOCK,
        timeout=2.0,
    )


def pull(server, hashtags=("rstats",), cursor=None, report=None, sleeps=None):
    report = report if report is not None else PullReport()
    pages = list(
        search_posts(make_client(server, sleeps), list(hashtags), SINCE, UNTIL, cursor, report)
    )
    return pages, report


def script_search(server):
    server.expect("POST", CREATE, json_reply(SESSIONS[0]))
    server.expect("GET", SEARCH, recorded(RSTATS), query={"cursor": None})
    server.expect("GET", SEARCH, recorded(FILTERS), query={"cursor": "100"})


def test_search_logs_in_and_asks_for_the_hashtag():
    with serving() as server:
        script_search(server)
        pages, report = pull(server)
    login, first, second = server.requests
    assert login.method == "POST" and json.loads(login.body) == {
        "identifier": HANDLE,
        "password": PASSWORD,
    }
    assert first.param("q") == "#rstats" and first.param("tag") == "rstats"
    assert first.param("limit") == "100" and first.param("sort") == "latest"
    assert first.param("since") == "2025-07-01T00:00:00.000Z"
    assert first.param("until") == "2025-07-04T09:00:00.000Z"
    assert first.headers["authorization"] == f"Bearer {SESSIONS[0]['accessJwt']}"
    assert second.param("cursor") == "100"
    assert [p.posts.height for p in pages] == [100, 1]
    assert [p.endpoint for p in pages] == ["searchPosts", "searchPosts"]
    assert pages[0].cursor is not None and pages[1].cursor is None
    assert (report.pages, report.records) == (2, 101)


def test_recorded_search_results_map_to_valid_canonical_records():
    with serving() as server:
        script_search(server)
        (page, last), _ = pull(server)
    assert rejections(page) == {} and rejections(last) == {}
    assert page.snapshots.height == 0  # search results carry no follower counts
    posts = page.posts

    reply_quote = row(
        posts, "post_id", "at://did:plc:xxppgquw2duy3v2qh6mg5oiv/app.bsky.feed.post/3lt4t5vltz22t"
    )
    assert reply_quote["kind"] == "reply"
    assert reply_quote["author_id"] == "did:plc:xxppgquw2duy3v2qh6mg5oiv"
    assert reply_quote["author_handle"] == "karlpettersson.bsky.social"
    assert reply_quote["text"] == "Using #rstats for the plots."
    assert reply_quote["created_at"] == datetime(2025, 7, 4, 8, 28, 35, 629000, tzinfo=UTC)
    assert reply_quote["reply_to_post_id"] == (
        "at://did:plc:xxppgquw2duy3v2qh6mg5oiv/app.bsky.feed.post/3lt4posc55k2t"
    )
    assert reply_quote["reply_to_account_id"] == "did:plc:xxppgquw2duy3v2qh6mg5oiv"
    assert reply_quote["referenced_post_id"] == (
        "at://did:plc:xxppgquw2duy3v2qh6mg5oiv/app.bsky.feed.post/3lj3q6dngdk2w"
    )
    assert reply_quote["hashtags"] == ["rstats"]

    quote = row(
        posts, "post_id", "at://did:plc:wpuxq7kzqqj2r5b7munbnfcy/app.bsky.feed.post/3lt3gc7zrvk2n"
    )
    assert quote["kind"] == "quote" and quote["reply_to_post_id"] is None
    assert quote["referenced_post_id"] == (
        "at://did:plc:56hsqifm2ft7ql6slwcq5tix/app.bsky.feed.post/3lszc4e2zbk2w"
    )
    assert quote["referenced_account_id"] == "did:plc:56hsqifm2ft7ql6slwcq5tix"
    assert quote["mention_ids"] == [
        "did:plc:56hsqifm2ft7ql6slwcq5tix",
        "did:plc:w6fk75pymlwtvg4thtvlmc4k",
    ]
    assert (
        quote["like_count"],
        quote["repost_count"],
        quote["reply_count"],
        quote["quote_count"],
    ) == (8, 1, 1, 0)
    author = row(page.accounts, "account_id", "did:plc:wpuxq7kzqqj2r5b7munbnfcy")
    assert author["handle"] == "tiddlydump.bsky.social" and author["display_name"] is None

    bot = row(
        posts, "post_id", "at://did:plc:lldigzqwjhljz5ripgncyam2/app.bsky.feed.post/3lt4pi6dkra2f"
    )
    assert bot["kind"] == "original" and bot["author_handle"] == "rladies-bot.bsky.social"
    assert bot["mention_ids"] == ["did:plc:jiushxoiyvgcw2tgsjyvd2mc"]
    assert bot["urls"] == ["https://nrennie.rbind.io/blog/colours-in-r/"]
    assert bot["hashtags"] == ["rladies", "rstats"]
    assert bot["created_at"] == datetime(2025, 7, 4, 7, 22, 45, 227618, tzinfo=UTC)
    assert (bot["like_count"], bot["repost_count"]) == (6, 2)

    card = row(
        posts, "post_id", "at://did:plc:3bfvz4wlaorselnixiesbeqk/app.bsky.feed.post/3lt4ozug2322q"
    )
    # the same link as facet and as card: once
    assert card["urls"] == ["https://ropensci.org/es/blog/2025/07/03/champions-2025/"]
    assert card["hashtags"] == ["RStats"]

    bridged = row(
        posts, "post_id", "at://did:plc:fvx3yifyye64vcluphafgwvd/app.bsky.feed.post/3lt2x244euzo2"
    )
    # no facets: its tags are in record.tags; its only link is the card
    assert bridged["hashtags"] == [
        "datascience",
        "DataAnalytics",
        "OperationsResearch",
        "opentowork",
        "python",
        "rstats",
        "productanalytics",
        "tech",
    ]
    assert bridged["urls"] == ["https://mstdn.party/@shibaprasad/114789786609172392"]

    (atrrr,) = last.posts.to_dicts()
    assert atrrr["author_handle"] == "jbgruber.bsky.social"
    assert (atrrr["like_count"], atrrr["repost_count"], atrrr["reply_count"]) == (13, 5, 3)
    assert atrrr["urls"] == ["https://jbgruber.github.io/atrrr"]
    assert atrrr["created_at"] == datetime(2024, 12, 6, 10, 40, 32, 629646, tzinfo=UTC)
    assert atrrr["observed_at"] == last.received_at


def expired_then_ok(seen):
    """searchPosts: 401 ExpiredToken for the first session's token, the page otherwise."""
    if seen.headers.get("authorization") == f"Bearer {SESSIONS[0]['accessJwt']}":
        return json_reply({"error": "ExpiredToken", "message": "Token has expired"}, 401)
    return recorded(FILTERS)


def test_an_expired_token_is_refreshed_and_the_request_repeated(caplog):
    caplog.set_level(logging.DEBUG)
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.handler("GET", SEARCH, expired_then_ok)
        server.expect("POST", REFRESH, json_reply(SESSIONS[1]))
        pages, _ = pull(server)
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", CREATE),
        ("GET", SEARCH),
        ("POST", REFRESH),
        ("GET", SEARCH),
    ]
    assert server.requests[2].headers["authorization"] == f"Bearer {SESSIONS[0]['refreshJwt']}"
    assert server.requests[3].headers["authorization"] == f"Bearer {SESSIONS[1]['accessJwt']}"
    assert len(pages) == 1 and pages[0].posts.height == 1
    for secret in SECRETS:
        assert secret not in caplog.text
        assert all(secret not in p.url and secret.encode() not in p.body for p in pages)


def test_a_refused_refresh_logs_in_again():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]), json_reply(SESSIONS[1]))
        server.handler("GET", SEARCH, expired_then_ok)
        server.expect(
            "POST",
            REFRESH,
            json_reply({"error": "ExpiredToken", "message": "Token has been revoked"}, 400),
        )
        pages, _ = pull(server)
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", CREATE),
        ("GET", SEARCH),
        ("POST", REFRESH),
        ("POST", CREATE),
        ("GET", SEARCH),
    ]
    assert len(pages) == 1


def test_a_refused_login_is_a_source_error_without_the_password(caplog):
    caplog.set_level(logging.DEBUG)
    with serving() as server:
        server.expect("POST", CREATE, recorded("bluesky/bskyr_error_401_createSession.json"))
        with pytest.raises(SourceError) as caught:
            pull(server)
    assert caught.value.status == 401 and caught.value.error == "AuthenticationRequired"
    assert "Invalid identifier or password" in str(caught.value)
    assert PASSWORD not in str(caught.value) and PASSWORD not in caplog.text


def test_missing_credentials_name_the_variables(monkeypatch):
    monkeypatch.delenv("BLUESKY_APP_PASSWORD")
    with pytest.raises(SourceError, match="BLUESKY_APP_PASSWORD"):
        BlueskyClient(BlueskySource(base_url="http://127.0.0.1:9"))


def test_resuming_from_a_cursor_gives_exactly_the_remaining_pages():
    with serving() as server:
        script_search(server)
        whole, _ = pull(server)
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect("GET", SEARCH, recorded(FILTERS), query={"cursor": "100"})
        resumed, _ = pull(server, hashtags=["other"], cursor=whole[0].cursor)
    assert server.unexpected == [] and len(resumed) == 1
    assert server.requests[1].param("q") == "#rstats"
    assert server.requests[1].param("since") == "2025-07-01T00:00:00.000Z"
    assert resumed[0].posts.drop("observed_at").equals(whole[1].posts.drop("observed_at"))


def test_hashtags_are_searched_one_after_the_other():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect("GET", SEARCH, recorded(FILTERS), query={"tag": "rstats"})
        server.expect("GET", SEARCH, json_reply({"posts": []}), query={"tag": "atrrr"})
        pages, _ = pull(server, hashtags=["rstats", "#atrrr"])
    assert [r.param("q") for r in server.requests[1:]] == ["#rstats", "#atrrr"]
    assert pages[0].cursor is not None and pages[1].cursor is None


def test_an_empty_page_ends_the_search():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect("GET", SEARCH, json_reply({"posts": [], "cursor": "0"}))
        pages, report = pull(server)
    assert len(pages) == 1 and pages[0].posts.height == 0 and pages[0].cursor is None
    assert len(server.requests) == 2 and report.skipped == []


def test_a_repeating_cursor_stops_the_search_with_a_note():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect("GET", SEARCH, recorded(RSTATS), recorded(RSTATS))
        pages, report = pull(server)
    assert len(pages) == 2 and len(server.requests) == 3 and pages[-1].cursor is None
    assert report.skipped == [
        "bluesky searchPosts #rstats: cursor '100' came back a second "
        "time; stopped there instead of looping"
    ]


def test_no_remaining_requests_waits_for_the_ratelimit_reset():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect(
            "GET",
            SEARCH,
            recorded(
                RSTATS, **{"ratelimit-remaining": "0", "ratelimit-reset": str(int(CLOCK) + 30)}
            ),
            recorded(FILTERS),
        )
        sleeps = Sleeps()
        pages, report = pull(server, sleeps=sleeps)
    assert sleeps == [31.0] and report.rate_limit_waits == 1 and len(pages) == 2


def test_malformed_json_names_the_url():
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect("GET", SEARCH, Reply(200, b'{"posts": [{"uri": '))
        with pytest.raises(SourceError, match=rf"malformed JSON from {server.url}{SEARCH}\?q=%23"):
            pull(server)


def test_profiles_are_asked_25_at_a_time_and_give_snapshots():
    actors = ["did:plc:wpe35pganb6d4pg4ekmfy6u5"] + [f"did:plc:other{n:02d}" for n in range(25)]
    with serving() as server:
        server.expect("POST", CREATE, json_reply(SESSIONS[0]))
        server.expect(
            "GET",
            PROFILES,
            recorded("bluesky/bskyr_getProfiles.json"),
            recorded("bluesky/bskyr_getProfiles.json"),
        )
        report = PullReport()
        pages = list(get_profiles(make_client(server), actors, report))
    assert [len(r.query["actors"]) for r in server.requests[1:]] == [25, 1]
    assert pages[0].cursor is not None and pages[1].cursor is None
    page = pages[0]
    assert page.endpoint == "getProfiles" and rejections(page) == {}
    account = row(page.accounts, "account_id", "did:plc:wpe35pganb6d4pg4ekmfy6u5")
    assert (account["handle"], account["display_name"]) == ("chriskenny.bsky.social", "Chris Kenny")
    snapshot = row(page.snapshots, "account_id", "did:plc:wpe35pganb6d4pg4ekmfy6u5")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        554,
        296,
        65,
    )
    assert snapshot["captured_at"] == page.received_at
    assert report.skipped[0].startswith("bluesky getProfiles: 24 actor(s) not returned: ")
    assert report.skipped[1] == "bluesky getProfiles: 1 actor(s) not returned: did:plc:other24"
