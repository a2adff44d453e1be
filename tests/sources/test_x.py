"""The X API v2 connector against recorded responses served on 127.0.0.1.

The search pages served are real X API v2 responses recorded by twarc (brexit, kpop and
two_tweets archives); the expected values below were read by hand from those payloads.
"""

import json
import logging
from datetime import UTC, datetime

import pytest

from config.sources import XSource
from schemas.pages import PullReport, SourceError
from sources.x import XClient, build_query, lookup_users, map_x_page, search
from tests.sources.fakeserver import (
    Reply,
    json_reply,
    rejections,
    row,
    serving,
    twarc_api_body,
    twarc_line,
)

TOKEN = "x-test-bearer-7f3a9c1e5b"
SEARCH = "/2/tweets/search/recent"
BREXIT_NEXT = "b26v89c19zqg8o3fpds60ssjif02fq74br3502of8hmrh"
KPOP_NEXT = "b26v89c19zqg8o3fpds60ssjlg8rrux0bxoa7beulbhbx"
SINCE = datetime(2021, 9, 22, 16, 0, tzinfo=UTC)
UNTIL = datetime(2021, 9, 22, 17, 0, tzinfo=UTC)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", TOKEN)
    return TOKEN


def make_client(server, sleeps=None, **settings) -> XClient:
    return XClient(
        XSource(base_url=server.url, **settings),
        sleep=sleeps if sleeps is not None else Sleeps(),
        clock=lambda: 1_632_330_000.0,
        timeout=2.0,
    )


def script_three_pages(server, path=SEARCH):
    server.expect(
        "GET", path, Reply(200, twarc_api_body("twarc/brexit.jsonl")), query={"next_token": None}
    )
    server.expect(
        "GET",
        path,
        Reply(200, twarc_api_body("twarc/kpop.jsonl")),
        query={"next_token": BREXIT_NEXT},
    )
    server.expect(
        "GET",
        path,
        Reply(200, twarc_api_body("twarc/two_tweets.jsonl")),
        query={"next_token": KPOP_NEXT},
    )


def pull(server, cursor=None, report=None, **settings):
    report = report if report is not None else PullReport()
    pages = list(
        search(make_client(server, **settings), ["Brexit", "#kpop"], SINCE, UNTIL, cursor, report)
    )
    return pages, report


def test_query_is_the_hashtags_or_ed_in_parentheses():
    assert build_query(["TChat", "#HRChat"]) == "(#TChat OR #HRChat)"
    assert build_query(["tchat"]) == "(#tchat)"
    with pytest.raises(SourceError):
        build_query([" ", "#"])


def test_search_requests_every_field_the_records_need(token):
    with serving() as server:
        script_three_pages(server)
        pull(server)
    first = server.requests[0]
    assert first.path == SEARCH
    assert first.param("query") == "(#Brexit OR #kpop)"
    assert first.param("start_time") == "2021-09-22T16:00:00Z"
    assert first.param("end_time") == "2021-09-22T17:00:00Z"
    assert first.param("max_results") == "100"
    assert first.param("expansions") == (
        "author_id,referenced_tweets.id,referenced_tweets.id.author_id,"
        "entities.mentions.username,in_reply_to_user_id"
    )
    assert first.param("tweet.fields") == (
        "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,"
        "public_metrics,lang"
    )
    assert first.param("user.fields") == "username,name,public_metrics,created_at"
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert [r.param("next_token") for r in server.requests] == [None, BREXIT_NEXT, KPOP_NEXT]
    assert server.unexpected == [] and server.pending() == 0


def test_search_follows_next_token_and_reports_coverage_and_cost(token):
    with serving() as server:
        script_three_pages(server)
        pages, report = pull(server, read_price_usd=0.005)
    assert [p.posts.height for p in pages] == [100, 100, 1]
    assert [p.source for p in pages] == ["x"] * 3
    assert [p.endpoint for p in pages] == ["search_recent"] * 3
    assert pages[-1].cursor is None and all(p.cursor for p in pages[:2])
    assert all(p.status == 200 and p.received_at.tzinfo is not None for p in pages)
    assert pages[0].body == twarc_api_body("twarc/brexit.jsonl")
    assert (report.pages, report.records) == (3, 201)
    assert report.estimated_cost_usd == pytest.approx(201 * 0.005)
    # kpop's page carries errors[] for a suspended mentioned user
    assert report.skipped == ["x search_recent: partial errors in a page: Forbidden (user) ×1"]


def test_recorded_search_pages_map_to_valid_canonical_records(token):
    with serving() as server:
        script_three_pages(server)
        pages, _ = pull(server)
    for page in pages:
        assert rejections(page) == {}
    brexit, _, last = pages
    at = brexit.received_at

    original = row(brexit.posts, "post_id", "1440716895355764743")
    assert original["author_id"] == "4203239195"
    assert original["author_handle"] == "WarmongerHodges"
    assert original["kind"] == "original"
    assert original["created_at"] == datetime(2021, 9, 22, 16, 37, 29, tzinfo=UTC)
    assert original["hashtags"] == ["PeoplesVote", "Brexit"]
    assert original["text"].startswith("The same Labour MPs that were happy to cite party members")
    assert original["referenced_post_id"] is None and original["reply_to_post_id"] is None
    assert original["observed_at"] == at

    reply = row(brexit.posts, "post_id", "1440716745577140229")
    assert (reply["kind"], reply["author_handle"]) == ("reply", "calin_a")
    assert reply["reply_to_post_id"] == "1440621713281093641"
    assert reply["reply_to_account_id"] == "1717521084"
    assert reply["mention_ids"] == ["1717521084"]
    assert reply["hashtags"] == [
        "FuckBrexit",
        "BrexitSucks",
        "Brexit",
        "BrexitDisaster",
        "BrexitChaos",
        "Brexitshortages",
        "hunger",
    ]
    assert reply["urls"] == []  # its only link is its own photo (…/status/ID/photo/1)

    repost = row(brexit.posts, "post_id", "1440716856763977732")
    assert repost["kind"] == "repost" and repost["author_handle"] == "jacquip537"
    assert repost["referenced_post_id"] == "1440713161355583489"
    assert repost["referenced_account_id"] == "711945679"
    # text and tags of the retweeted tweet, not the cut "RT @carolJhedges: …"
    assert repost["text"].startswith(". #BorisJohnson has revealed his favourite bottle")
    assert repost["text"].endswith("#brexit #JohnsonOut #BorisTheLiar https://t.co/IeqDhr3WET")
    assert repost["hashtags"] == [
        "BorisJohnson",
        "UniversalCredit",
        "Brexit",
        "brexit",
        "JohnsonOut",
        "BorisTheLiar",
    ]
    assert repost["reply_to_post_id"] is None
    assert (repost["repost_count"], repost["like_count"]) == (22, 0)

    quote = row(brexit.posts, "post_id", "1440715975020584960")
    assert quote["kind"] == "quote" and quote["author_handle"] == "Munku1"
    assert quote["referenced_post_id"] == "1440660748275834882"
    assert quote["referenced_account_id"] == "963465855538524162"
    assert (
        quote["text"]
        == "And @AngelaRayner & #NicolaSturgeon blame #Brexit..🤣🤣🤣! https://t.co/XVlaGrnmko"
    )
    assert quote["mention_ids"] == ["222748037"]
    assert quote["hashtags"] == ["NicolaSturgeon", "Brexit"]
    assert quote["urls"] == []  # the link to the quoted tweet is the quote itself

    account = row(brexit.accounts, "account_id", "4203239195")
    assert account["handle"] == "WarmongerHodges"
    assert account["display_name"] == "Frank Owen's Legendary Paintbrush 🟨🟥🥀🇵🇸"
    assert account["observed_at"] == at
    snapshot = row(brexit.snapshots, "account_id", "711945679")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        24922,
        11555,
        381849,
    )
    assert snapshot["captured_at"] == at
    assert brexit.accounts.height == 177 and brexit.snapshots.height == 177

    retweet = row(last.posts, "post_id", "1394735776701816833")
    assert retweet["author_handle"] == "LachiVeronica" and retweet["kind"] == "repost"
    assert retweet["text"] == "#POIUYTREWQ" and retweet["hashtags"] == ["POIUYTREWQ"]
    assert retweet["referenced_post_id"] == "1391677057810288641"
    assert retweet["referenced_account_id"] == "1380086327023169540"
    assert retweet["created_at"] == datetime(2021, 5, 18, 19, 24, 56, tzinfo=UTC)


def test_a_reply_that_quotes_is_a_reply_keeping_the_quoted_tweet():
    payload = json.loads(twarc_line("twarc/quoted_edit.jsonl"))
    posts, accounts, snapshots = map_x_page(payload, datetime(2022, 10, 3, 18, 2, 28, tzinfo=UTC))
    post = row(posts, "post_id", "1576995594388000768")
    assert post["kind"] == "reply"
    assert post["reply_to_post_id"] == "1576994789110992896"
    assert post["reply_to_account_id"] == "337119125"
    assert post["referenced_post_id"] == "1576994746135764992"
    assert post["referenced_account_id"] == "337119125"
    assert post["author_handle"] == "dappdavid99"
    assert post["mention_ids"] == ["337119125"]
    assert post["urls"] == []  # the only URL is the quoted tweet's
    assert (post["like_count"], post["reply_count"]) == (1, 1)
    assert row(snapshots, "account_id", "337119125")["followers_count"] == 138098


def test_a_mention_without_id_is_resolved_by_username():
    payload = json.loads(twarc_line("twarc/streaming_output_with_error.jsonl", 2))
    posts, _, _ = map_x_page(payload, datetime(2021, 4, 1, 15, 52, 42, tzinfo=UTC))
    post = row(posts, "post_id", "1377650093109743620")
    assert post["mention_ids"] == ["601852746"]  # @PoliceMutual via includes.users
    assert post["reply_to_account_id"] == "601852746"


def test_search_all_is_used_when_configured(token):
    with serving() as server:
        script_three_pages(server, path="/2/tweets/search/all")
        pages, _ = pull(server, search="all")
    assert [p.endpoint for p in pages] == ["search_all"] * 3
    assert {r.path for r in server.requests} == {"/2/tweets/search/all"}


def test_resuming_from_a_cursor_gives_exactly_the_remaining_pages(token):
    with serving() as server:
        script_three_pages(server)
        whole, _ = pull(server)
    with serving() as server:
        server.expect(
            "GET",
            SEARCH,
            Reply(200, twarc_api_body("twarc/kpop.jsonl")),
            query={"next_token": BREXIT_NEXT},
        )
        server.expect(
            "GET",
            SEARCH,
            Reply(200, twarc_api_body("twarc/two_tweets.jsonl")),
            query={"next_token": KPOP_NEXT},
        )
        # other arguments on resume: the cursor's query and window win
        resumed = list(
            search(make_client(server), ["Other"], None, None, whole[0].cursor, PullReport())
        )
    assert len(resumed) == 2 and server.unexpected == []
    assert server.requests[0].param("query") == "(#Brexit OR #kpop)"
    assert server.requests[0].param("start_time") == "2021-09-22T16:00:00Z"
    for got, expected in zip(resumed, whole[1:], strict=True):
        assert got.posts.drop("observed_at").equals(expected.posts.drop("observed_at"))
        assert got.cursor == expected.cursor


def test_an_empty_page_ends_the_pull_cleanly(token):
    with serving() as server:
        server.expect("GET", SEARCH, json_reply({"meta": {"result_count": 0}}))
        pages, report = pull(server)
    assert len(pages) == 1 and pages[0].posts.height == 0 and pages[0].cursor is None
    assert len(server.requests) == 1 and report.records == 0
    assert report.estimated_cost_usd == 0.0


def test_a_repeating_next_token_stops_the_pull_with_a_note(token):
    with serving() as server:
        body = twarc_api_body("twarc/brexit.jsonl")  # its next_token is BREXIT_NEXT
        server.expect("GET", SEARCH, Reply(200, body), query={"next_token": None})
        server.expect("GET", SEARCH, Reply(200, body), query={"next_token": BREXIT_NEXT})
        pages, report = pull(server)
    assert len(pages) == 2 and len(server.requests) == 2
    assert pages[-1].cursor is None
    assert any("came back a second time" in note for note in report.skipped)


def test_a_429_with_x_rate_limit_headers_is_waited_out(token):
    with serving() as server:
        server.expect(
            "GET",
            SEARCH,
            Reply(
                429,
                b'{"title":"Too Many Requests","status":429}',
                {
                    "x-rate-limit-limit": "450",
                    "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": "1632330120",
                },
            ),
            Reply(200, twarc_api_body("twarc/two_tweets.jsonl")),
        )
        sleeps = Sleeps()
        report = PullReport()
        pages = list(search(make_client(server, sleeps), ["POIUYTREWQ"], None, None, None, report))
    assert sleeps == [121.0]  # reset 1632330120 − clock 1632330000 + 1 s margin
    assert (report.rate_limit_waits, report.retries, len(pages)) == (1, 1, 1)


def test_malformed_json_names_the_url_without_the_token(token):
    with serving() as server:
        server.expect("GET", SEARCH, Reply(200, b'{"data": [{"id": "1"'))
        with pytest.raises(SourceError) as caught:
            pull(server)
    message = str(caught.value)
    assert "x search_recent: malformed JSON from" in message
    assert f"{server.url}{SEARCH}?query=%28%23Brexit+OR+%23kpop%29" in message
    assert TOKEN not in message


def test_the_token_appears_in_no_log_error_url_or_body(token, caplog):
    caplog.set_level(logging.DEBUG)
    with serving() as server:
        server.expect(
            "GET",
            SEARCH,
            Reply(503, b"over capacity"),
            Reply(200, twarc_api_body("twarc/two_tweets.jsonl")),
        )
        server.expect("GET", "/2/users", json_reply({"title": "Unauthorized"}, status=401))
        client = make_client(server)
        pages = list(search(client, ["POIUYTREWQ"], None, None, None, PullReport()))
        logging.getLogger("sources.x").debug("token in use: %s", TOKEN)
        with pytest.raises(SourceError) as caught:
            list(lookup_users(client, ["1"], PullReport()))
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.requests)
    assert TOKEN not in caplog.text and "token in use: ***" in caplog.text
    assert TOKEN not in str(caught.value) and "answered 401" in str(caught.value)
    assert all(TOKEN not in p.url and TOKEN.encode() not in p.body for p in pages)


def test_a_missing_token_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("X_BEARER_TOKEN", raising=False)
    with pytest.raises(SourceError, match="set the environment variable X_BEARER_TOKEN"):
        XClient(XSource(base_url="http://127.0.0.1:9"))


def test_user_lookup_asks_100_ids_a_request_and_maps_snapshots(token):
    ids = [str(n) for n in range(150)] + ["35332943"]
    users_body = twarc_api_body("twarc/users.jsonl")
    with serving() as server:
        server.expect("GET", "/2/users", Reply(200, users_body), Reply(200, users_body))
        report = PullReport()
        pages = list(lookup_users(make_client(server), ids + ["0"], report))
    assert [len(r.param("ids").split(",")) for r in server.requests] == [100, 51]
    assert server.requests[0].param("user.fields") == "public_metrics,username,name"
    assert [p.endpoint for p in pages] == ["users_lookup", "users_lookup"]
    assert pages[0].cursor is not None and pages[1].cursor is None
    page = pages[1]
    assert page.posts.height == 0 and rejections(page) == {}
    liz = row(page.accounts, "account_id", "35332943")
    assert (liz["handle"], liz["display_name"]) == ("LostInStereoLiz", "Witch but spookier 🎃")
    snapshot = row(page.snapshots, "account_id", "35332943")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        2659,
        3244,
        363471,
    )
    assert snapshot["captured_at"] == page.received_at
    # the recorded answer does not hold the made-up ids 0…149
    assert len(report.skipped) == 2 and "not returned" in report.skipped[0]
