"""The shared HTTP client against a real server on 127.0.0.1: retries, rate limits, bounded
waits, errors that name the URL, and secrets that never surface."""

import logging
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from schemas.pages import PullReport
from sources.http import HttpClient, RedactSecrets, SourceError, read_secret, register_secret
from tests.sources.fakeserver import Reply, json_reply, serving

NOW = 1_750_000_000.0  # the injected clock: 2025-06-15T15:06:40Z


class Sleeps(list):
    """An injectable sleep that records the durations instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(server, sleeps, **options) -> HttpClient:
    options.setdefault("timeout", 2.0)
    return HttpClient(server.url, sleep=sleeps, clock=lambda: NOW, **options)


def test_429_with_x_reset_waits_until_the_reset_then_succeeds():
    with serving() as server:
        server.expect(
            "GET",
            "/a",
            Reply(
                429,
                b'{"title":"Too Many Requests"}',
                {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(NOW) + 30)},
            ),
            json_reply({"ok": 1}),
        )
        sleeps, report = Sleeps(), PullReport()
        response = client(server, sleeps).get("/a", report=report)
    assert response.status == 200 and response.json("t") == {"ok": 1}
    assert sleeps == [31.0]  # 30 s to the reset + the 1 s margin
    assert (report.rate_limit_waits, report.retries, report.waited_seconds) == (1, 1, 31.0)


def test_429_with_mastodon_iso_reset_waits_until_that_instant():
    reset = datetime.fromtimestamp(NOW + 12.5, tz=UTC).isoformat().replace("+00:00", "Z")
    with serving() as server:
        server.expect(
            "GET",
            "/m",
            Reply(
                429,
                b'{"error":"Too many requests"}',
                {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
            ),
            json_reply([]),
        )
        sleeps, report = Sleeps(), PullReport()
        client(server, sleeps).get("/m", report=report)
    assert sleeps == [pytest.approx(13.5)]
    assert report.rate_limit_waits == 1


@pytest.mark.parametrize("reset, expected", [(str(int(NOW) + 40), 41.0), ("20", 21.0)])
def test_429_with_bluesky_ratelimit_reset_as_epoch_or_delta(reset, expected):
    with serving() as server:
        server.expect(
            "GET",
            "/b",
            Reply(
                429,
                b'{"error":"RateLimitExceeded"}',
                {"RateLimit-Remaining": "0", "RateLimit-Reset": reset},
            ),
            json_reply({}),
        )
        sleeps = Sleeps()
        client(server, sleeps).get("/b")
    assert sleeps == [expected]


def test_retry_after_in_seconds_or_as_an_http_date_wins():
    date = format_datetime(datetime.fromtimestamp(NOW + 90, tz=UTC), usegmt=True)
    with serving() as server:
        server.expect(
            "GET",
            "/r",
            Reply(429, b"", {"Retry-After": "7", "x-rate-limit-reset": str(NOW + 500)}),
            Reply(503, b"", {"Retry-After": date}),
            json_reply({}),
        )
        sleeps, report = Sleeps(), PullReport()
        client(server, sleeps).get("/r", report=report)
    assert sleeps == [7.0, 90.0]
    assert report.rate_limit_waits == 1  # the 503 wait is a retry, not a rate limit
    assert report.retries == 2


def test_no_requests_remaining_makes_the_next_request_wait_for_the_reset():
    with serving() as server:
        server.expect(
            "GET",
            "/p",
            json_reply(
                {"page": 1},
                headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(NOW) + 60)},
            ),
            json_reply({"page": 2}),
        )
        sleeps, report = Sleeps(), PullReport()
        http = client(server, sleeps)
        http.get("/p", report=report)
        assert sleeps == []  # the answer itself is used at once
        http.get("/p", report=report)
    assert sleeps == [61.0]
    assert (report.rate_limit_waits, report.retries) == (1, 0)


def test_500_is_retried_with_exponential_backoff():
    with serving() as server:
        server.expect(
            "GET", "/e", Reply(500, b"oops"), Reply(502, b"bad gateway"), json_reply({"ok": True})
        )
        sleeps, report = Sleeps(), PullReport()
        response = client(server, sleeps, backoff_seconds=2.0).get("/e", report=report)
    assert response.json("t") == {"ok": True}
    assert sleeps == [2.0, 4.0]
    assert (report.retries, report.rate_limit_waits, report.waited_seconds) == (2, 0, 6.0)


def test_a_timeout_is_retried_and_the_next_answer_used():
    with serving() as server:
        server.expect(
            "GET", "/slow", Reply(200, b'{"late": true}', delay=1.0), json_reply({"late": False})
        )
        sleeps, report = Sleeps(), PullReport()
        response = client(server, sleeps, timeout=0.2).get("/slow", report=report)
    assert response.json("t") == {"late": False}
    assert report.retries == 1 and sleeps == [1.0]


def test_retries_give_up_with_a_source_error_naming_url_and_status():
    with serving() as server:
        server.expect("GET", "/down", *[Reply(500, b"still down")] * 3)
        sleeps = Sleeps()
        with pytest.raises(SourceError) as caught:
            client(server, sleeps, max_retries=2).get("/down", what="x search_recent")
    message = str(caught.value)
    assert caught.value.status == 500
    assert "x search_recent" in message and f"{server.url}/down" in message
    assert "after 2 retries" in message and "still down" in message
    assert len(sleeps) == 2


def test_a_wait_beyond_max_wait_seconds_raises_instead_of_sleeping():
    with serving() as server:
        server.expect("GET", "/long", Reply(429, b"", {"Retry-After": "5000"}))
        sleeps = Sleeps()
        with pytest.raises(SourceError, match="max_wait_seconds is 900"):
            client(server, sleeps).get("/long")
    assert sleeps == []


def test_the_waits_of_one_request_add_up_against_the_bound():
    with serving() as server:
        server.expect(
            "GET",
            "/twice",
            Reply(429, b"", {"Retry-After": "600"}),
            Reply(429, b"", {"Retry-After": "600"}),
            json_reply({}),
        )
        sleeps = Sleeps()
        with pytest.raises(SourceError, match=r"after 600\.0 s already"):
            client(server, sleeps).get("/twice")
    assert sleeps == [600.0]


def test_max_total_wait_seconds_bounds_a_whole_pull():
    with serving() as server:
        server.expect(
            "GET",
            "/t",
            Reply(429, b"", {"Retry-After": "40"}),
            json_reply({}),
            Reply(429, b"", {"Retry-After": "40"}),
        )
        sleeps = Sleeps()
        http = client(server, sleeps, max_total_wait_seconds=60)
        http.get("/t")
        with pytest.raises(SourceError, match="max_total_wait_seconds is 60"):
            http.get("/t")
    assert sleeps == [40.0]


def test_malformed_json_is_a_source_error_naming_the_url_and_problem():
    with serving() as server:
        server.expect(
            "GET", "/bad", Reply(200, b'{"data": [', {"content-type": "application/json"})
        )
        response = client(server, Sleeps()).get("/bad", params={"q": "#tchat"})
    with pytest.raises(SourceError) as caught:
        response.json("mastodon tag_timeline")
    message = str(caught.value)
    assert message.startswith("mastodon tag_timeline: malformed JSON from ")
    assert f"{server.url}/bad?q=%23tchat" in message and "Expecting value" in message


def test_a_client_error_is_raised_with_its_status_and_error_code():
    with serving() as server:
        server.expect("GET", "/gone", json_reply({"error": "Record not found"}, status=404))
        with pytest.raises(SourceError) as caught:
            client(server, Sleeps()).get("/gone")
    assert caught.value.status == 404 and caught.value.error == "Record not found"
    assert "answered 404" in str(caught.value)


def test_a_missing_required_secret_names_the_variable():
    with pytest.raises(SourceError, match="set the environment variable CHATREACH_TEST_NOPE"):
        read_secret("CHATREACH_TEST_NOPE", source="x", required=True, env={})
    assert read_secret("CHATREACH_TEST_NOPE", source="x", required=False, env={}) is None


def test_registered_secrets_are_redacted_from_logs_urls_bodies_and_errors(caplog):
    token = "tok-http-8d1f2c93e0"
    register_secret(token)
    caplog.set_level(logging.DEBUG)
    with serving() as server:
        # a (misbehaving) server that echoes the token in its body and in an error
        server.expect(
            "GET",
            "/echo",
            json_reply({"seen": token}),
            json_reply({"error": f"bad token {token}"}, status=401),
        )
        http = client(server, Sleeps())
        http.set_bearer(token)
        response = http.get("/echo", params={"access_token": token})
        with pytest.raises(SourceError) as caught:
            http.get("/echo")
        logging.getLogger("sources.x").debug("about to send %s", token)
        logging.getLogger("httpx").info("header Bearer %s", token)
    assert server.requests[0].headers["authorization"] == f"Bearer {token}"
    assert token not in response.url and "access_token=***" in response.url
    assert token.encode() not in response.redacted_body()
    assert b"***" in response.redacted_body()
    assert token not in str(caught.value)
    assert token not in caplog.text and "about to send ***" in caplog.text


def test_redact_filter_also_cleans_tracebacks():
    register_secret("tok-trace-55aa77bb")
    record = logging.LogRecord("sources.x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise RuntimeError("boom tok-trace-55aa77bb")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactSecrets().filter(record)
    assert "tok-trace-55aa77bb" not in record.exc_text and "boom ***" in record.exc_text
