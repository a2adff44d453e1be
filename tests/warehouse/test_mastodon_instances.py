"""Mastodon across instances: another instance's hashtag timeline adds what the home instance
had not seen, resolved on the home instance by URI, so every post keeps the home's ids.

Two fake instances on 127.0.0.1 serve recorded real statuses (tests/fixtures/real/mastodon,
see PROVENANCE.md there). The home instance's timeline holds the first six statuses of the
recorded tag timeline page and resolves any recorded status by its URI. The other instance
holds the same statuses under other local ids (each id prefixed with 8, as another server
numbers its own copies): the last seven of that page, a reply and a quote recorded on their
own, a reblog, and one status whose URI the home instance cannot resolve.
"""

import copy
import json
from datetime import UTC, datetime

import pytest

from config.settings import settings_from_dict
from flows.pulling import coverage_lines, pull_activity
from tests.builders import new_warehouse
from tests.sources.fakeserver import Reply, fixture_json, json_reply, serving

TAG = "fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp"
SINCE = datetime(2026, 8, 1, 13, 0, tzinfo=UTC)
UNTIL = datetime(2026, 8, 1, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOKEN = "home-instance-token-4c1d"
PAGE = fixture_json("mastodon/tag_timeline_page1.json")
REPLY = fixture_json("mastodon/status_reply.json")
QUOTE = fixture_json("mastodon/status_with_quote.json")
REBLOG = fixture_json("mastodon/status_reblog.json")
UNKNOWN_URI = "https://gone.example/users/nobody/statuses/1"


def _elsewhere(status: dict) -> dict:
    """The status as another server holds it: every status and account id its own."""
    other = copy.deepcopy(status)

    def renumber(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("id", "in_reply_to_id", "in_reply_to_account_id") and item:
                    value[key] = f"8{item}"
                else:
                    renumber(item)
        elif isinstance(value, list):
            for item in value:
                renumber(item)

    renumber(other)
    return other


def _lost() -> dict:
    status = _elsewhere(PAGE[0])
    status["uri"] = UNKNOWN_URI
    return status


HOME_TIMELINE = PAGE[:6]
REMOTE_TIMELINE = [_elsewhere(s) for s in [*PAGE[3:], REPLY, QUOTE, REBLOG]] + [_lost()]
RESOLVABLE = {s["uri"]: s for s in [*PAGE, REPLY, QUOTE]}


def _serve_home(server) -> None:
    server.handler("GET", f"/api/v1/timelines/tag/{TAG}", lambda seen: json_reply(HOME_TIMELINE))

    def search(seen) -> Reply:
        found = RESOLVABLE.get(seen.param("q") or "")
        return json_reply({"accounts": [], "statuses": [found] if found else [], "hashtags": []})

    server.handler("GET", "/api/v2/search", search)


def _serve_remote(server) -> None:
    server.handler("GET", f"/api/v1/timelines/tag/{TAG}", lambda seen: json_reply(REMOTE_TIMELINE))


def _settings(home: str, remote: str, tmp_path):
    return settings_from_dict(
        {
            "warehouse": {"path": "w.duckdb"},
            "chats": {"tchat": {"hashtags": [TAG], "sources": ["mastodon"]}},
            "sources": {"mastodon": {"instances": [home, remote]}},
        },
        tmp_path,
        "test",
    )


def _pull(con, settings, run_id):
    return pull_activity(
        con,
        settings,
        settings.chat("tchat"),
        "mastodon",
        run_id=run_id,
        since=SINCE,
        until=UNTIL,
        now=NOW,
        client_options={"sleep": lambda seconds: None, "timeout": 5.0},
    )


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", TOKEN)


def test_each_status_is_one_post_under_the_home_instances_ids(tmp_path):
    """Home's 6 statuses, then of the other instance's 11: 3 already read on home (not looked
    up), 6 resolved and loaded under their home ids, 1 reblog and 1 unresolvable URI not
    loaded: 12 posts, the ids of the recordings, none of the other instance's."""
    con = new_warehouse()
    with serving() as home, serving() as remote:
        _serve_home(home)
        _serve_remote(remote)
        result = _pull(con, _settings(home.url, remote.url, tmp_path), "r1")
        searches = [r for r in home.requests if r.path == "/api/v2/search"]
        assert sorted(r.param("q") for r in searches) == sorted(
            [s["uri"] for s in [*PAGE[6:], REPLY, QUOTE]] + [UNKNOWN_URI]
        )
        assert all(r.param("resolve") == "true" for r in searches)
        assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in searches)
        assert all("authorization" not in r.headers for r in remote.requests)
    held = {row[0] for row in con.execute("select post_id from core.posts").fetchall()}
    assert held == {s["id"] for s in [*PAGE, REPLY, QUOTE]}
    accounts = {row[0] for row in con.execute("select account_id from core.accounts").fetchall()}
    assert not any(account.startswith("8") for account in accounts)
    remote_host = remote.url.split("//")[1]
    tally = result.report.instances
    assert [t.statuses for t in tally.values()] == [6, 11]
    other = list(tally.values())[1]
    assert (other.resolved, other.known, other.unresolved, other.boosts) == (6, 3, 1, 1)
    lines = "\n".join(coverage_lines(result))
    assert f"instance {remote_host}" in lines and "6 added (resolved on the home instance)" in lines
    assert "1 the home instance could not resolve and 1 boosts not loaded" in lines


def test_a_rerun_adds_nothing(tmp_path):
    """The same window again: the same 12 posts, and every table but the observation times
    as before."""
    con = new_warehouse()
    with serving() as home, serving() as remote:
        _serve_home(home)
        _serve_remote(remote)
        settings = _settings(home.url, remote.url, tmp_path)
        _pull(con, settings, "r1")
        first = con.execute(
            "select * exclude (observed_at) from core.posts order by all"
        ).fetchall()
        _pull(con, settings, "r2")
        again = con.execute(
            "select * exclude (observed_at) from core.posts order by all"
        ).fetchall()
    assert again == first and len(first) == 12


def test_each_instance_keeps_its_own_cursor(tmp_path):
    """The home instance's cursor is the one a single-instance setup always had
    (tag_timeline); the other instance's is tag_timeline@host, with its own window."""
    con = new_warehouse()
    with serving() as home, serving() as remote:
        _serve_home(home)
        _serve_remote(remote)
        _pull(con, _settings(home.url, remote.url, tmp_path), "r1")
        host = remote.url.split("//")[1]
    rows = con.execute(
        "select endpoint, scope, cursor from ops.pull_cursors order by endpoint, scope"
    ).fetchall()
    by = {(endpoint, scope): cursor for endpoint, scope, cursor in rows}
    assert by[("tag_timeline", "")] is None and by[(f"tag_timeline@{host}", "")] is None
    window = json.loads(by[(f"tag_timeline@{host}", "pull")])
    assert window == {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}


def test_base_url_alone_is_one_instance_and_a_different_home_is_refused(tmp_path):
    settings = settings_from_dict(
        {"sources": {"mastodon": {"base_url": "https://hachyderm.io"}}}, tmp_path, "test"
    )
    assert settings.sources.mastodon.instance_urls == ["https://hachyderm.io"]
    with pytest.raises(Exception, match="different home instances"):
        settings_from_dict(
            {
                "sources": {
                    "mastodon": {
                        "base_url": "https://hachyderm.io",
                        "instances": ["https://mastodon.social"],
                    }
                }
            },
            tmp_path,
            "test",
        )


class _Stop(Exception):
    pass


def test_a_pull_stopped_among_the_resolutions_resumes_without_loss_or_double(tmp_path):
    """Stopped after the second resolution of the other instance's page has been committed:
    the next pull (no window given) resumes that instance from the page being resolved and
    ends with the same 12 posts as an uninterrupted pull."""
    con = new_warehouse()
    committed = []

    def stop_after_two(page) -> None:
        if page.endpoint == "search":
            committed.append(page)
            if len(committed) == 2:
                raise _Stop

    with serving() as home, serving() as remote:
        _serve_home(home)
        _serve_remote(remote)
        settings = _settings(home.url, remote.url, tmp_path)
        with pytest.raises(_Stop):
            pull_activity(
                con,
                settings,
                settings.chat("tchat"),
                "mastodon",
                run_id="r1",
                since=SINCE,
                until=UNTIL,
                now=NOW,
                client_options={"sleep": lambda seconds: None, "timeout": 5.0},
                after_page=stop_after_two,
            )
        partly = con.execute("select count(*) from core.posts").fetchone()[0]
        assert partly == 6 + 2
        result = pull_activity(
            con,
            settings,
            settings.chat("tchat"),
            "mastodon",
            run_id="r2",
            now=NOW,
            client_options={"sleep": lambda seconds: None, "timeout": 5.0},
        )
    assert result.resumed
    held = [row[0] for row in con.execute("select post_id from core.posts").fetchall()]
    assert sorted(held) == sorted(s["id"] for s in [*PAGE, REPLY, QUOTE])
