"""Purge: an account's posts, snapshots and names leave the warehouse; its weeks are rebuilt."""

import pytest

from tests.builders import account, load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat
from warehouse.load import content_hash, land_raw
from warehouse.purge import AccountNotFound, purge_account

ALICE, BOB = "10", "11"


@pytest.fixture
def con():
    connection = new_warehouse()
    load(
        connection,
        posts=[
            post("1", ALICE, "2026-11-18T01:00:00+00:00", handle="Alice", likes=3),
            post(
                "2",
                BOB,
                "2026-11-18T01:05:00+00:00",
                "reply",
                reply_to=("1", ALICE),
                handle="bob",
                mentions=(ALICE,),
            ),
            {**post("3", ALICE, "2026-11-18T01:06:00+00:00", handle="Alice"), "like_count": -1},
        ],
        snapshots=[snapshot(ALICE, "2026-11-17T00:00:00+00:00", 40)],
        accounts=[account(ALICE, "Alice", "Alice A."), account(BOB, "bob", "Bob")],
    )
    body = b'{"data": [{"id": "1", "author_id": "10", "text": "hi"}]}'
    land_raw(
        connection,
        source="x",
        endpoint="search",
        origin="https://api.x.com/2/...",
        received_at=post("z", "z", "2026-11-18T02:00:00+00:00")["created_at"],
        body=body,
        digest=content_hash(body),
        byte_count=len(body),
    )
    build_chat(connection, tchat())
    return connection


def test_purge_by_handle_removes_every_trace(con):
    result = purge_account(con, "x:@alice", "r1")
    assert (result.account_id, result.posts, result.snapshots, result.accounts) == (ALICE, 1, 1, 1)
    assert result.quarantined == 1 and result.raw_payloads == 1
    assert rows(con, "select post_id from core.posts") == [{"post_id": "2"}]
    assert rows(con, "select count(*) as n from core.follower_snapshots") == [{"n": 0}]
    assert rows(con, "select handle from core.accounts") == [{"handle": "bob"}]
    assert rows(con, "select count(*) as n from quarantine.rejected") == [{"n": 0}]
    assert rows(con, "select count(*) as n from raw.payloads") == [{"n": 0}]


def test_the_next_build_recomputes_the_weeks_it_touched(con):
    purge_account(con, f"x:{ALICE}", "r1")
    build_chat(con, tchat())
    week = rows(con, "select participants, engagements, impressions from marts.chat_week")
    # Only Bob's reply is left: he took part, and Alice (by id only) received his reply.
    assert week == [{"participants": 1, "engagements": 1, "impressions": 0}]
    alice = rows(
        con,
        "select participated, replies_received from marts.account_week where account_id = ?",
        [ALICE],
    )
    assert alice == [{"participated": False, "replies_received": 1}]


@pytest.mark.parametrize("reference", ["x:nobody", "mastodon:alice", "alice", "x:"])
def test_an_unknown_or_malformed_account_is_refused(con, reference):
    with pytest.raises(AccountNotFound):
        purge_account(con, reference, "r1")
    assert rows(con, "select count(*) as n from core.posts") == [{"n": 2}]
