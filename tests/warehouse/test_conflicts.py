"""Conflicts (one key, the same observed_at, other content): the record whose canonical JSON
has the smaller SHA-256 stays, the other goes to quarantine with a reason, in any order."""

import hashlib
import itertools
import json
from datetime import UTC, datetime

import pytest

from schemas.records import ACCOUNT, POST, SNAPSHOT
from tests.builders import account, load, new_warehouse, post, rows, snapshot


def _canonical(record: dict, leave_out: tuple[str, ...] = ()) -> str:
    """METRICS.md's canonical JSON, written from its words: every column, keys sorted,
    instants in UTC ISO 8601, no white space."""

    def value(v):
        if isinstance(v, datetime):
            v = v.astimezone(UTC)
            text = v.strftime("%Y-%m-%dT%H:%M:%S")
            return text + (f".{v.microsecond:06d}" if v.microsecond else "") + "Z"
        return v

    content = {k: value(v) for k, v in record.items() if k not in leave_out}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha(record: dict, leave_out: tuple[str, ...] = ()) -> str:
    return hashlib.sha256(_canonical(record, leave_out).encode("utf-8")).hexdigest()


SEEN = "2026-11-20T00:00:00+00:00"
A = post(
    "1", "10", "2026-11-18T01:00:00.5+00:00", text="Grüße, one version", likes=3, observed=SEEN
)
B = post("1", "10", "2026-11-18T01:00:00.5+00:00", text="another version", likes=4, observed=SEEN)
WINNER, LOSER = sorted([A, B], key=_sha)


def _held(con) -> dict:
    return {
        "posts": rows(con, "select post_id, text, like_count from core.posts"),
        "quarantine": rows(
            con, "select record_kind, record, reasons from quarantine.rejected order by record"
        ),
    }


@pytest.mark.parametrize("batches", [[[A, B]], [[B, A]], [[A], [B]], [[B], [A]]])
def test_the_smaller_hash_stays_whichever_came_first(batches):
    con = new_warehouse()
    for batch in batches:
        load(con, posts=batch)
    assert _held(con)["posts"] == [
        {"post_id": "1", "text": WINNER["text"], "like_count": WINNER["like_count"]}
    ]
    [held] = _held(con)["quarantine"]
    assert held["record_kind"] == "post"
    assert held["record"] == _canonical(LOSER)  # the canonical JSON, as METRICS.md writes it
    assert held["reasons"] == [
        "conflict: another post record of (platform, post_id) = (x, 1) observed at the same "
        "time differs in like_count, text; the one whose canonical JSON has the smaller "
        "SHA-256 is kept"
    ]


def test_a_held_record_that_loses_moves_to_quarantine_and_reloading_changes_nothing():
    con = new_warehouse()
    load(con, posts=[LOSER])
    load(con, posts=[WINNER])
    origins = rows(con, "select origin from quarantine.rejected")
    assert origins == [{"origin": "held in core.posts"}]
    before = _held(con)
    counts = load(con, posts=[LOSER, WINNER])
    assert _held(con) == before
    assert counts.changed == 0


def test_identical_records_are_no_conflict():
    con = new_warehouse()
    load(con, posts=[A, dict(A)])
    load(con, posts=[A])
    assert _held(con)["quarantine"] == [] and len(_held(con)["posts"]) == 1


def test_a_later_observation_still_replaces_without_conflict():
    later = {**B, "observed_at": datetime(2026, 11, 21, tzinfo=UTC)}
    con = new_warehouse()
    load(con, posts=[A])
    load(con, posts=[later])
    assert _held(con)["posts"][0]["text"] == "another version"
    assert _held(con)["quarantine"] == []


@pytest.mark.parametrize("first_low", [True, False])
def test_snapshots_of_one_instant_conflict_too(first_low):
    low = snapshot("10", "2026-11-18T12:00:00+00:00", 100)
    high = snapshot("10", "2026-11-18T12:00:00+00:00", 120)
    winner = min([low, high], key=_sha)
    con = new_warehouse()
    for record in [low, high] if first_low else [high, low]:
        load(con, snapshots=[record])
    assert rows(con, "select followers_count from core.follower_snapshots") == [
        {"followers_count": winner["followers_count"]}
    ]
    [held] = rows(con, "select record, reasons from quarantine.rejected")
    assert "differs in followers_count" in held["reasons"][0]
    assert held["record"] == _canonical(max([low, high], key=_sha))


@pytest.mark.parametrize("order", [0, 1])
def test_accounts_without_observed_at_conflict_as_equal_times(order):
    one, two = account("10", "alice"), account("10", "alicia")
    leave_out = ("asks_not_to_be_indexed",)
    one["asks_not_to_be_indexed"] = two["asks_not_to_be_indexed"] = None
    winner = min([one, two], key=lambda r: _sha(r, leave_out))
    con = new_warehouse()
    for record in [one, two] if order == 0 else [two, one]:
        load(con, accounts=[record])
    assert rows(con, "select handle from core.accounts") == [{"handle": winner["handle"]}]
    [held] = rows(con, "select record from quarantine.rejected")
    assert held["record"] == _canonical(
        max([one, two], key=lambda r: _sha(r, leave_out)), leave_out
    )


@pytest.mark.parametrize("order", [0, 1])
def test_of_two_statements_made_at_once_asking_not_to_be_indexed_holds(order):
    seen = "2026-11-18T02:00:00+00:00"
    says_yes = {**account("10", "alice", "Alice", seen), "asks_not_to_be_indexed": True}
    says_no = {**account("10", "alice", "Alice", seen), "asks_not_to_be_indexed": False}
    con = new_warehouse()
    for record in [says_yes, says_no] if order == 0 else [says_no, says_yes]:
        load(con, accounts=[record])
    assert rows(con, "select asks_not_to_be_indexed from core.accounts") == [
        {"asks_not_to_be_indexed": True}
    ]
    assert rows(con, "select count(*) as n from quarantine.rejected") == [{"n": 0}]


def test_every_kind_has_canonical_content():
    from warehouse.conflicts import content_columns

    assert content_columns(POST) == sorted(POST.columns)
    assert content_columns(SNAPSHOT) == sorted(SNAPSHOT.columns)
    assert content_columns(ACCOUNT) == sorted(set(ACCOUNT.columns) - {"asks_not_to_be_indexed"})


def test_views_enter_the_canonical_json_only_when_set():
    """Two versions differing only in view_count: the canonical JSON of the one with views
    holds view_count (sorted among the keys), the one without is the contract's record, and
    the smaller SHA-256 of those two texts stays."""
    seen = post("7", "10", "2026-11-18T01:00:00+00:00", text="same", observed=SEEN)
    viewed = post("7", "10", "2026-11-18T01:00:00+00:00", text="same", observed=SEEN, views=99)
    winner, loser = sorted([seen, viewed], key=_sha)
    con = new_warehouse()
    load(con, posts=[viewed, seen])
    [held] = rows(con, "select view_count from core.posts")
    assert held["view_count"] == winner.get("view_count")
    [rejected] = _held(con)["quarantine"]
    assert rejected["record"] == _canonical(loser)
    assert ('"urls":[],"view_count":99}' in _canonical(viewed)) and "view_count" not in (
        _canonical(seen)
    )


LATER = "2026-11-21T00:00:00+00:00"
X = post("9", "10", "2026-11-18T01:00:00+00:00", text="first take", observed=SEEN)
Z = post("9", "10", "2026-11-18T01:00:00+00:00", text="second take", observed=SEEN)
Y = post("9", "10", "2026-11-18T01:00:00+00:00", text="as it stands", observed=LATER)


@pytest.mark.parametrize(
    "batches",
    [[[X, Z], [Y]], [[Y], [X, Z]], [[X, Z, Y]], [[X], [Y], [Z]], [[Z], [X], [Y]]],
)
def test_a_conflict_replaced_by_a_later_observation_leaves_no_trace(batches):
    """X and Z conflict at one time, Y is observed later: Y is held, and whether X and Z came
    before Y, with it or around it, quarantine holds neither (a replaced record leaves no
    trace, and a conflict is about the record a key holds)."""
    con = new_warehouse()
    for batch in batches:
        load(con, posts=batch)
    assert [r["text"] for r in _held(con)["posts"]] == ["as it stands"]
    assert _held(con)["quarantine"] == []


def test_a_conflict_at_the_held_time_stays_when_an_older_record_arrives():
    """X and Z conflict at the held time; an older version of the key changes nothing: the
    loser stays in quarantine."""
    older = post(
        "9", "10", "2026-11-18T01:00:00+00:00", text="draft", observed="2026-11-19T00:00:00+00:00"
    )
    con = new_warehouse()
    load(con, posts=[X, Z])
    load(con, posts=[older])
    [held] = _held(con)["quarantine"]
    assert held["record"] == _canonical(max([X, Z], key=_sha))


P = post("2", "10", "2026-11-18T01:00:00+00:00", text="first", likes=1, observed=SEEN)
Q = post("2", "10", "2026-11-18T01:00:00+00:00", text="second", likes=1, observed=SEEN)
R = post("2", "10", "2026-11-18T01:00:00+00:00", text="first", likes=2, observed=SEEN)


def _arrivals():
    """P, Q and R in every order: in one load, one load each, and the first two together."""
    for first, second, third in itertools.permutations([P, Q, R]):
        yield [[first, second, third]]
        yield [[first], [second], [third]]
        yield [[first, second], [third]]


@pytest.mark.parametrize("batches", list(_arrivals()))
def test_every_loser_is_stated_against_the_record_kept_in_any_order(batches):
    """Of three versions at one time, each pair differs in other columns (P-Q text, P-R
    like_count, Q-R both): each loser's reason names the columns it differs in from the one
    kept (the smallest SHA-256), not from a record that was kept before a better one came."""
    winner, *losers = sorted([P, Q, R], key=_sha)
    con = new_warehouse()
    for batch in batches:
        load(con, posts=batch)
    assert _held(con)["posts"] == [
        {"post_id": "2", "text": winner["text"], "like_count": winner["like_count"]}
    ]

    def reason(loser: dict) -> str:
        differing = ", ".join(sorted(c for c in loser if loser[c] != winner[c]))
        return (
            "conflict: another post record of (platform, post_id) = (x, 2) observed at the "
            f"same time differs in {differing}; the one whose canonical JSON has the smaller "
            "SHA-256 is kept"
        )

    expected = sorted(({"record": _canonical(r), "reasons": [reason(r)]} for r in losers),
                      key=lambda r: r["record"])  # fmt: skip
    found = [{"record": r["record"], "reasons": r["reasons"]} for r in _held(con)["quarantine"]]
    assert found == expected
