"""asks_not_to_be_indexed from Mastodon and Bluesky account objects, and null from X.

Recorded values were read by hand from the payloads in tests/fixtures/real/; the True cases the
recordings lack (noindex, discoverable false, #nobot in a bio) are hand-made payloads.
"""

import json
from datetime import UTC, datetime

import pytest

from sources.bluesky import map_posts, map_profiles
from sources.mastodon import map_accounts, map_statuses
from sources.twarc import read_twarc
from tests.sources.fakeserver import fixture_path, row

AT = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
FLAG = "asks_not_to_be_indexed"


def recorded(name: str):
    return json.loads(fixture_path(name).read_text(encoding="utf-8"))


def flags(accounts) -> dict[str, bool | None]:
    return dict(zip(accounts["account_id"].to_list(), accounts[FLAG].to_list(), strict=True))


# ---------------------------------------------------------------------------- Mastodon


def test_recorded_mastodon_accounts_do_not_ask():
    # account.json (halcy on mastodon.social): "discoverable": true, no noindex (a remote
    # account), a bio without #nobot
    accounts, _ = map_accounts([recorded("mastodon/account.json")], AT)
    assert flags(accounts) == {"23972": False}

    # status_reply.json: the author (admin, local) has "discoverable": null, "noindex": false
    # (and "indexable": false, which is not read); the mentioned account is a mention object
    _, accounts, _ = map_statuses([recorded("mastodon/status_reply.json")], AT, "localhost")
    assert flags(accounts) == {"117020565693913441": False, "117020566092212359": None}

    # tag_timeline_page1.json: mastodonpy_test_2, "discoverable": true, "noindex": false
    _, accounts, _ = map_statuses(recorded("mastodon/tag_timeline_page1.json"), AT, "localhost")
    assert flags(accounts) == {"117020566092212359": False}

    # status_reblog.json: the reblogger and the reblogged are mastodonpy_test
    _, accounts, _ = map_statuses([recorded("mastodon/status_reblog.json")], AT, "localhost")
    assert flags(accounts) == {"117020565966271181": False}


def mastodon_account(account_id: str, **fields) -> dict:
    """A hand-made Mastodon account object (a local account of m.example)."""
    return {
        "id": account_id,
        "username": f"user{account_id}",
        "acct": f"user{account_id}",
        "url": f"https://m.example/@user{account_id}",
        "display_name": "",
        **fields,
    }


LINKED_NOBOT = (
    '<p>I post about gardens. <a href="https://m.example/tags/NoBot" '
    'class="mention hashtag" rel="tag">#<span>NoBot</span></a></p>'
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"noindex": True, "discoverable": True, "note": "<p>hi</p>"}, True),
        ({"discoverable": False, "note": "<p>hi</p>"}, True),
        ({"noindex": False, "discoverable": None, "note": LINKED_NOBOT}, True),
        ({"note": "<p>gardens</p><p>#NOBOT.</p>"}, True),
        ({"note": "<p>#nobot</p>"}, True),
        ({"note": "<p>#nobots and #nobotany, a#nobot, ##nobot</p>"}, False),
        ({"noindex": False, "discoverable": True, "note": "<p>no bots here</p>"}, False),
        ({"discoverable": None}, None),  # null says nothing
        ({"noindex": False}, False),
        ({"note": ""}, False),
        ({}, None),
    ],
)
def test_mastodon_noindex_not_discoverable_or_nobot(fields, expected):
    accounts, _ = map_accounts([mastodon_account("7", **fields)], AT, "m.example")
    assert flags(accounts) == {"7": expected}


def test_mastodon_flag_comes_from_every_account_object_of_a_status():
    status = {
        "id": "900",
        "created_at": "2026-07-30T19:00:00.000Z",
        "content": "<p>#TChat</p>",
        "account": mastodon_account("1", discoverable=False, note="<p>hi</p>"),
        "reblog": None,
        "mentions": [
            {"id": "3", "username": "user3", "acct": "user3", "url": "https://m.example/@user3"}
        ],
        "tags": [{"name": "tchat"}],
        "favourites_count": 0,
        "reblogs_count": 0,
        "replies_count": 0,
        "quote": {
            "state": "accepted",
            "quoted_status": {"id": "800", "account": mastodon_account("2", note="<p>#nobot</p>")},
        },
    }
    _, accounts, _ = map_statuses([status], AT, "m.example")
    assert flags(accounts) == {"1": True, "2": True, "3": None}


# ---------------------------------------------------------------------------- Bluesky


def test_recorded_bluesky_authors_and_profiles():
    # atrrr_searchPosts_hashtag_rstats.json, posts[33]: geoeconomica.bsky.social carries the
    # self-label "!no-unauthenticated"; the other authors' labels are [] or the Bridgy Fed
    # label, and author views have no description: unknown, not False
    _, accounts, _ = map_posts(
        recorded("bluesky/atrrr_searchPosts_hashtag_rstats.json")["posts"], AT
    )
    assert row(accounts, "account_id", "did:plc:35asdziyhgfyzwel3pzyhsvb")[FLAG] is True
    assert row(accounts, "account_id", "did:plc:xxppgquw2duy3v2qh6mg5oiv")[FLAG] is None
    bridged = row(accounts, "handle", "shibaprasad.mstdn.party.ap.brid.gy")
    assert bridged[FLAG] is None
    assert accounts[FLAG].sum() == 1

    # bskyr_searchPosts_redistricting.json: four authors self-label "!no-unauthenticated"
    # (bathshebablue, rachel99marta, stemgal, humanbeinghuman); bodyballistics has a "rude"
    # label from a labeler, which is not a request
    _, accounts, _ = map_posts(
        recorded("bluesky/bskyr_searchPosts_redistricting.json")["posts"], AT
    )
    asking = sorted(accounts.filter(accounts[FLAG].fill_null(False))["handle"].to_list())
    assert asking == [
        "bathshebablue.bsky.social",
        "humanbeinghuman.bsky.social",
        "rachel99marta.bsky.social",
        "stemgal.bsky.social",
    ]
    assert row(accounts, "handle", "bodyballistics.bsky.social")[FLAG] is None

    # bskyr_getProfiles.json: chriskenny.bsky.social, "labels": [], a description with
    # #rstats but not #nobot: a full profile view that says no
    accounts, _ = map_profiles(recorded("bluesky/bskyr_getProfiles.json")["profiles"], AT)
    assert flags(accounts) == {"did:plc:wpe35pganb6d4pg4ekmfy6u5": False}


def profile(did: str, **fields) -> dict:
    """A hand-made getProfiles profile view."""
    return {
        "did": did,
        "handle": f"{did.rsplit(':', 1)[1]}.bsky.social",
        "displayName": "",
        "followersCount": 10,
        "followsCount": 2,
        "postsCount": 5,
        **fields,
    }


SELF_LABEL = {
    "src": "did:plc:a",
    "uri": "at://did:plc:a/app.bsky.actor.profile/self",
    "val": "!no-unauthenticated",
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"labels": [SELF_LABEL], "description": "gardens"}, True),
        ({"labels": [SELF_LABEL]}, True),
        ({"labels": [], "description": "gardens and bots.\n#NoBot"}, True),
        ({"description": "#nobot"}, True),
        ({"labels": [{**SELF_LABEL, "neg": True}], "description": "gardens"}, False),
        ({"labels": [], "description": "#nobotics, #nobots"}, False),
        ({"labels": []}, False),  # a profile without a description sends none
        ({}, None),
    ],
)
def test_bluesky_no_unauthenticated_or_nobot(fields, expected):
    accounts, _ = map_profiles([profile("did:plc:a", **fields)], AT)
    assert flags(accounts) == {"did:plc:a": expected}


def test_bluesky_author_view_without_the_label_is_unknown():
    post = recorded("bluesky/atrrr_searchPosts_filters.json")["posts"][0]
    labelled = {
        **post,
        "uri": post["uri"].replace("did:plc:ntd53albt5ffa4rgervvgibd", "did:plc:a"),
        "author": {**post["author"], "did": "did:plc:a", "labels": [SELF_LABEL]},
    }
    _, accounts, _ = map_posts([post, labelled], AT)
    assert flags(accounts) == {"did:plc:ntd53albt5ffa4rgervvgibd": None, "did:plc:a": True}


# ---------------------------------------------------------------------------- X


def test_x_accounts_leave_the_flag_null():
    (page,) = read_twarc(fixture_path("twarc/users.jsonl"))
    assert page.accounts.height > 0
    assert page.accounts[FLAG].null_count() == page.accounts.height
