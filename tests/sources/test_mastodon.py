"""The Mastodon connector against recorded responses served on 127.0.0.1.

Tag timeline pages are real responses (with their Link and X-RateLimit headers) recorded by
Mastodon.py against a local Mastodon server; the mixed page is assembled from recorded single
statuses. Expected values were read by hand from the payloads.
"""

import logging
from datetime import UTC, datetime

import httpx
import pytest

from config.sources import MastodonSource
from schemas.pages import PullReport, SourceError
from sources.mastodon import MastodonClient, lookup_accounts, next_max_id, tag_timeline
from sources.text import html_to_text, parse_status_html
from tests.sources.fakeserver import (
    Reply,
    fixture_bytes,
    recorded,
    rejections,
    row,
    serving,
)

TAG = "fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp"
TAG_PATH = f"/api/v1/timelines/tag/{TAG}"
NEXT_1, NEXT_2, NEXT_3 = "117020582177108552", "117020582097668259", "117020582018205171"
TOKEN = "masto-test-token-4c2e91aa07"
CLOCK = datetime(2026, 8, 1, 13, 54, 0, tzinfo=UTC).timestamp()


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(server, sleeps=None) -> MastodonClient:
    return MastodonClient(
        MastodonSource(base_url=server.url),
        sleep=sleeps if sleeps is not None else Sleeps(),
        clock=lambda: CLOCK,
        timeout=2.0,
    )


def script_tag_pages(server):
    server.expect(
        "GET", TAG_PATH, recorded("mastodon/tag_timeline_page1.json"), query={"max_id": None}
    )
    server.expect(
        "GET", TAG_PATH, recorded("mastodon/tag_timeline_page2.json"), query={"max_id": NEXT_1}
    )
    server.expect(
        "GET", TAG_PATH, recorded("mastodon/tag_timeline_page3.json"), query={"max_id": NEXT_2}
    )
    server.expect(
        "GET",
        TAG_PATH,
        recorded("mastodon/tag_timeline_page4_empty.json"),
        query={"max_id": NEXT_3},
    )


def pull(server, hashtags=(TAG,), since=None, until=None, cursor=None, report=None):
    report = report if report is not None else PullReport()
    pages = list(tag_timeline(make_client(server), list(hashtags), since, until, cursor, report))
    return pages, report


@pytest.fixture(autouse=True)
def no_token(monkeypatch):
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN", raising=False)


def test_html_becomes_plain_text_with_line_breaks_and_entities():
    assert html_to_text("<p>a &amp; b&lt;c&gt;<br>line 2<br />line 3</p><p>next</p>") == (
        "a & b<c>\nline 2\nline 3\nnext"
    )
    parsed = parse_status_html(
        '<p class="quote-inline">RE: <a href="https://x.example/1">x.example/1</a></p>'
        '<p>Hi <span class="h-card"><a href="https://m.example/@a" class="u-url mention">'
        '@<span>a</span></a></span> see <a href="https://site.example/p?id=1">'
        '<span class="invisible">https://</span>site.example/p?id=1</a> '
        '<a href="https://m.example/tags/TChat" class="mention hashtag" rel="tag">'
        "#<span>TChat</span></a></p>"
    )
    assert parsed.text == "Hi @a see https://site.example/p?id=1 #TChat"
    assert parsed.hashtags == ["TChat"]
    assert parsed.links == ["https://site.example/p?id=1"]  # not the quote's, not the mention
    assert html_to_text(None) == ""


def test_link_header_gives_the_next_max_id_only():
    link = (
        '<http://elsewhere.example/api/v1/timelines/tag/t?limit=10&max_id=42>; rel="next", '
        '<http://elsewhere.example/api/v1/timelines/tag/t?min_id=50>; rel="prev"'
    )
    assert next_max_id(httpx.Response(200, headers={"link": link}).links) == "42"
    only_prev = httpx.Response(200, headers={"link": '<http://a.example/x?min_id=50>; rel="prev"'})
    assert next_max_id(only_prev.links) is None
    assert next_max_id(httpx.Response(200).links) is None


def test_tag_timeline_follows_link_max_id_until_an_empty_page():
    with serving() as server:
        script_tag_pages(server)
        pages, report = pull(server)
    assert [r.param("max_id") for r in server.requests] == [None, NEXT_1, NEXT_2, NEXT_3]
    assert all(r.param("limit") == "40" and r.path == TAG_PATH for r in server.requests)
    assert "authorization" not in server.requests[0].headers  # no token: public timeline
    assert [p.posts.height for p in pages] == [10, 10, 10, 0]
    assert [p.endpoint for p in pages] == ["tag_timeline"] * 4
    assert pages[-1].cursor is None and all(p.cursor for p in pages[:3])
    assert (report.pages, report.records, report.skipped) == (4, 30, [])
    assert pages[0].body == fixture_bytes("mastodon/tag_timeline_page1.json")
    assert pages[0].url == f"{server.url}{TAG_PATH}?limit=40"
    for page in pages:
        assert rejections(page) == {}
    first = row(pages[0].posts, "post_id", "117020582251615632")
    assert first["author_id"] == "117020566092212359"
    assert first["author_handle"] == "mastodonpy_test_2@localhost"
    assert first["created_at"] == datetime(2026, 8, 1, 13, 53, 0, 550000, tzinfo=UTC)
    assert first["text"] == f"Toot number 29! #{TAG}"
    assert first["kind"] == "original" and first["hashtags"] == [TAG]
    assert (
        first["like_count"],
        first["repost_count"],
        first["reply_count"],
        first["quote_count"],
    ) == (0, 0, 0, 0)
    assert first["observed_at"] == pages[0].received_at
    snapshot = row(pages[0].snapshots, "account_id", "117020566092212359")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        0,
        0,
        61,
    )
    assert pages[0].snapshots.height == 1 and pages[0].accounts.height == 1


def test_the_pull_stops_at_the_first_page_reaching_back_before_since():
    since = datetime(2026, 8, 1, 13, 52, 58, 500000, tzinfo=UTC)
    with serving() as server:
        script_tag_pages(server)
        pages, _ = pull(server, since=since)
    assert len(server.requests) == 2  # page 2 reaches 13:52:58.201: page 3 is never asked
    assert [p.posts.height for p in pages] == [10, 7]
    assert pages[1].posts["post_id"].to_list()[-1] == "117020582121215689"  # 13:52:58.560
    assert pages[1].cursor is None


def test_statuses_at_or_after_until_are_left_out_of_the_frames():
    until = datetime(2026, 8, 1, 13, 53, 0, 179000, tzinfo=UTC)
    with serving() as server:
        server.expect("GET", TAG_PATH, recorded("mastodon/tag_timeline_page1.json", link=""))
        pages, _ = pull(server, until=until)
    assert pages[0].posts["post_id"].to_list() == [
        "117020582219013744",
        "117020582210651625",
        "117020582202912039",
        "117020582193180787",
        "117020582185051730",
        "117020582177108552",
    ]


def test_reblogs_quotes_and_replies_are_mapped_from_their_payloads():
    names = [
        "status_reblog",
        "status_with_quote",
        "status_reply_with_quote",
        "status_reply",
        "status_hashtag_mention_emoji",
        "status_quote_reply_bridged",
    ]
    body = b"[" + b",".join(fixture_bytes(f"mastodon/{n}.json") for n in names) + b"]"
    with serving() as server:
        server.expect("GET", "/api/v1/timelines/tag/mixed", Reply(200, body))
        (page,), _ = pull(server, hashtags=["mixed"])
    assert rejections(page) == {}
    posts = page.posts

    reblog = row(posts, "post_id", "117020586027094262")
    assert (reblog["kind"], reblog["text"]) == ("repost", "Toot!")
    assert reblog["author_handle"] == "mastodonpy_test@localhost"
    assert reblog["referenced_post_id"] == "117020586019094258"
    assert reblog["referenced_account_id"] == "117020565966271181"
    assert reblog["created_at"] == datetime(2026, 8, 1, 13, 53, 58, 160000, tzinfo=UTC)

    quote = row(posts, "post_id", "117020582925004921")
    assert (quote["kind"], quote["text"]) == ("quote", "yoooooooo")  # "RE: …" dropped
    assert quote["referenced_post_id"] == "117020582917124092"
    assert quote["referenced_account_id"] == "117020565966271181"

    reply_quote = row(posts, "post_id", "117020583142008690")
    assert reply_quote["kind"] == "reply"
    assert reply_quote["reply_to_post_id"] == "117020583129611179"
    assert reply_quote["reply_to_account_id"] == "117020565966271181"
    assert reply_quote["referenced_post_id"] == "117020583121982310"
    assert reply_quote["mention_ids"] == ["117020565966271181"]
    assert reply_quote["text"] == "@mastodonpy_test yoooo check this out"

    reply = row(posts, "post_id", "117020583258292382")
    assert (reply["kind"], reply["author_handle"]) == ("reply", "admin@localhost")
    assert reply["reply_to_post_id"] == "117020583245459824"
    assert reply["reply_to_account_id"] == "117020566092212359"
    assert reply["referenced_post_id"] is None
    assert reply["mention_ids"] == ["117020566092212359"]

    tagged = row(posts, "post_id", "110446223051565765")
    assert tagged["kind"] == "original"
    assert tagged["author_handle"] == "halcy@icosahedron.website"
    assert tagged["hashtags"] == ["ThisIsAHashtag"]  # as written; the API says thisisahashtag
    assert tagged["text"] == (
        "@halcy you're a doo-doo head\nedit: editing this to have the "
        "maximum amount of fields filled :trans_heart: #ThisIsAHashtag"
    )
    assert tagged["like_count"] == 1 and tagged["mention_ids"] == ["23972"]

    bridged = row(posts, "post_id", "115044073088181107")
    assert bridged["kind"] == "reply"
    assert bridged["author_handle"] == "h4lcy.bsky.social@bsky.brid.gy"
    assert bridged["reply_to_account_id"] == "109446733188999785"
    assert bridged["referenced_post_id"] == "115044070560414080"
    assert bridged["urls"] == ["https://bsky.app/profile/h4lcy.bsky.social/post/3lwlumdwf522i"]

    halcy = row(page.snapshots, "account_id", "23972")
    assert (halcy["followers_count"], halcy["following_count"], halcy["posts_count"]) == (
        3553,
        540,
        75076,
    )
    # mastodonpy_test_2 is only mentioned here: an account row without name or observed_at
    mentioned = row(page.accounts, "account_id", "117020566092212359")
    assert mentioned["handle"] == "mastodonpy_test_2@localhost"
    assert mentioned["display_name"] is None and mentioned["observed_at"] is None
    assert page.snapshots.filter(page.snapshots["account_id"] == "117020566092212359").height == 0


def test_hashtags_are_pulled_one_after_the_other_and_resume_between_them():
    with serving() as server:
        server.expect("GET", TAG_PATH, recorded("mastodon/tag_timeline_page3.json"))
        server.expect(
            "GET",
            TAG_PATH,
            recorded("mastodon/tag_timeline_page4_empty.json"),
            query={"max_id": NEXT_3},
        )
        server.expect(
            "GET", "/api/v1/timelines/tag/hoot", recorded("mastodon/tag_timeline_page4_empty.json")
        )
        pages, _ = pull(server, hashtags=[TAG, "#hoot"])
    assert [r.path.rsplit("/", 1)[1] for r in server.requests] == [TAG, TAG, "hoot"]
    assert pages[2].cursor is None
    with serving() as server:
        server.expect(
            "GET", "/api/v1/timelines/tag/hoot", recorded("mastodon/tag_timeline_page4_empty.json")
        )
        resumed, _ = pull(server, hashtags=["ignored"], cursor=pages[1].cursor)
    assert len(resumed) == 1 and server.unexpected == []
    assert server.requests[0].param("max_id") is None


def test_resuming_from_a_page_cursor_gives_exactly_the_remaining_pages():
    with serving() as server:
        script_tag_pages(server)
        whole, _ = pull(server)
    with serving() as server:
        script_tag_pages(server)
        resumed, _ = pull(server, cursor=whole[1].cursor)
    assert [r.param("max_id") for r in server.requests] == [NEXT_2, NEXT_3]
    assert [p.body for p in resumed] == [p.body for p in whole[2:]]
    for got, expected in zip(resumed, whole[2:], strict=True):
        assert got.posts.drop("observed_at").equals(expected.posts.drop("observed_at"))


def test_a_repeating_max_id_stops_the_hashtag_with_a_note():
    loop = f'<http://localhost:3000{TAG_PATH}?limit=10&max_id={NEXT_1}>; rel="next"'
    with serving() as server:
        server.expect(
            "GET", TAG_PATH, recorded("mastodon/tag_timeline_page1.json"), query={"max_id": None}
        )
        server.expect(
            "GET",
            TAG_PATH,
            recorded("mastodon/tag_timeline_page2.json", link=loop),
            query={"max_id": NEXT_1},
        )
        pages, report = pull(server)
    assert len(pages) == 2 and len(server.requests) == 2 and pages[-1].cursor is None
    assert report.skipped == [
        f"mastodon tag_timeline #{TAG}: max_id {NEXT_1!r} came back a second time; stopped "
        "there instead of looping"
    ]


def test_a_429_with_an_iso_reset_is_waited_out():
    with serving() as server:
        server.expect(
            "GET",
            TAG_PATH,
            Reply(
                429,
                b'{"error":"Too many requests"}',
                {
                    "X-RateLimit-Limit": "300",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": "2026-08-01T13:55:00.000000Z",
                },
            ),
            recorded("mastodon/tag_timeline_page4_empty.json"),
        )
        sleeps, report = Sleeps(), PullReport()
        pages = list(tag_timeline(make_client(server, sleeps), [TAG], None, None, None, report))
    assert sleeps == [61.0]  # clock 13:54:00, reset 13:55:00, + 1 s margin
    assert (report.rate_limit_waits, report.retries, len(pages)) == (1, 1, 1)


def test_malformed_json_names_the_url():
    with serving() as server:
        server.expect("GET", TAG_PATH, Reply(200, b'[{"id": "1",'))
        with pytest.raises(SourceError, match=rf"malformed JSON from {server.url}{TAG_PATH}"):
            pull(server)


def test_a_token_if_set_is_sent_but_appears_nowhere(monkeypatch, caplog):
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)
    with serving() as server:
        server.expect(
            "GET",
            TAG_PATH,
            Reply(500, b"boom"),
            recorded("mastodon/tag_timeline_page1.json", link=""),
        )
        server.expect("GET", "/api/v1/accounts/1", Reply(403, b'{"error":"forbidden"}'))
        client = make_client(server)
        pages = list(tag_timeline(client, [TAG], None, None, None, PullReport()))
        logging.getLogger("sources.mastodon").debug("using %s", TOKEN)
        with pytest.raises(SourceError) as caught:
            list(lookup_accounts(client, ["1"], PullReport()))
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in caplog.text and "using ***" in caplog.text
    assert TOKEN not in str(caught.value) and caught.value.status == 403
    assert all(TOKEN not in p.url and TOKEN.encode() not in p.body for p in pages)


def test_account_lookup_maps_snapshots_and_passes_accounts_that_are_gone():
    with serving() as server:
        server.expect("GET", "/api/v1/accounts/23972", recorded("mastodon/account.json"))
        server.expect("GET", "/api/v1/accounts/999", recorded("mastodon/accounts_lookup_404.json"))
        report = PullReport()
        pages = list(lookup_accounts(make_client(server), ["23972", "999", "23972"], report))
    assert len(server.requests) == 2 and len(pages) == 1
    (page,) = pages
    assert page.endpoint == "account" and rejections(page) == {}
    account = row(page.accounts, "account_id", "23972")
    assert account["handle"] == "halcy@icosahedron.website"
    snapshot = row(page.snapshots, "account_id", "23972")
    assert (snapshot["followers_count"], snapshot["following_count"], snapshot["posts_count"]) == (
        3553,
        540,
        75076,
    )
    assert snapshot["captured_at"] == page.received_at
    assert report.skipped == ["mastodon account 999: gone (404)"]
