"""Jetstream events: which messages are events of posts and reposts, and which a chat keeps,
on the recorded posts-only captures (tests/fixtures/real/jetstream, see PROVENANCE.md)."""

import json

import pytest

from schemas.pages import SourceError
from sources.jetstream import (
    ChatSelector,
    Deduplicator,
    parse_event,
    subscribe_url,
)
from tests.sources.fakeserver import FIXTURES

CAPTURE = FIXTURES / "jetstream" / "truewire_posts_20260909T1627Z.jsonl"
LINES = [line for line in CAPTURE.read_text().splitlines() if line.strip()]
HAIKU = "at://did:plc:uzq5k6tx6sdtdu2dmt5xx563/app.bsky.feed.post/3mv3xeg3rns2j"


def test_identity_and_account_messages_are_no_events():
    """The capture's 20 lines: 16 post creates, 1 delete, 1 identity and 2 account messages
    (read by hand): 17 events."""
    events = [parse_event(line) for line in LINES]
    assert sum(e is not None for e in events) == 17
    kinds = {json.loads(line)["kind"] for line, e in zip(LINES, events, strict=True) if e is None}
    assert kinds == {"identity", "account"}


def test_a_message_that_is_not_an_event_is_refused():
    with pytest.raises(SourceError, match="not JSON"):
        parse_event("{cut off")
    with pytest.raises(SourceError, match="not a Jetstream event"):
        parse_event('{"kind": "commit"}')


def test_a_chat_keeps_the_posts_tagged_with_its_hashtags_compared_as_text():
    """#haikuhorrorprompt is the tag facet of one post; the chat asks for HaikuHorrorPrompt
    (any case, NFKC): that post alone is kept, and its deletion would be too."""
    events = [e for e in (parse_event(line) for line in LINES) if e is not None]
    selector = ChatSelector({"haikuhorrorprompt"})
    selection = selector.select(events)
    assert [e.uri for e in selection.posts] == [HAIKU]
    assert selection.reposts == [] and selection.deletes == []  # the delete is of another post
    assert HAIKU in selector.kept


def test_record_tags_count_as_hashtags_too():
    """A post whose `tags` (hidden tags) hold the chat's tag is kept, as the Bluesky
    connector reads tags."""
    message = json.loads(LINES[0])
    message["commit"]["record"]["tags"] = ["ＴＣｈａｔ"]
    event = parse_event(json.dumps(message))
    assert [e.uri for e in ChatSelector({"tchat"}).select([event]).posts] == [event.uri]


def test_a_replayed_event_is_dropped_once_seen():
    events = [e for e in (parse_event(line) for line in LINES) if e is not None]
    dedupe = Deduplicator(window_us=10_000_000)
    assert all(dedupe.fresh(e) for e in events)
    assert not any(dedupe.fresh(e) for e in events)


def test_the_subscription_asks_for_posts_and_reposts_from_the_cursor():
    url = subscribe_url("wss://jetstream.example/subscribe", 1788971265035721)
    assert url == (
        "wss://jetstream.example/subscribe?wantedCollections=app.bsky.feed.post"
        "&wantedCollections=app.bsky.feed.repost&cursor=1788971265035721"
    )
