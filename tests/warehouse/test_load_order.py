"""Invariants: any order and any split of the same records gives the same warehouse, conflicts
between records of one key and one observation time included."""

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.builders import (
    account,
    assert_same_tables,
    load,
    new_warehouse,
    post,
    snapshot,
    tchat,
)
from transforms.build import build_chat

START = datetime(2026, 10, 5, tzinfo=UTC)
ACCOUNTS = ["1", "2", "3", "4"]
MARTS = ("account_week", "chat_week", "account_growth", "chat_lift", "question_week", "link_week")


@st.composite
def a_post(draw):
    author = draw(st.sampled_from(ACCOUNTS))
    kind = draw(st.sampled_from(["original", "reply", "repost", "quote"]))
    other = draw(st.sampled_from(ACCOUNTS))
    created = START + timedelta(hours=draw(st.integers(0, 24 * 7 * 4)))
    record = post(
        f"p{draw(st.integers(0, 9))}",
        author,
        created.isoformat(),
        kind,
        reply_to=("q", other) if kind == "reply" else None,
        referenced=("q", other) if kind in ("repost", "quote") else None,
        mentions=tuple(draw(st.lists(st.sampled_from(ACCOUNTS), max_size=2))),
        text=draw(st.sampled_from(["Q1 why", "A1 so", "hi"])),
        likes=draw(st.integers(-1, 4)),  # -1: a bad record for the quarantine
        observed=(START + timedelta(days=30, hours=draw(st.integers(0, 3)))).isoformat(),
    )
    return record


@st.composite
def a_snapshot(draw):
    captured = START + timedelta(days=draw(st.integers(-7, 30)))
    return snapshot(
        draw(st.sampled_from(ACCOUNTS)), captured.isoformat(), draw(st.integers(0, 500))
    )


@st.composite
def an_account(draw):
    """Records of one account differ by observation (some have none) and by what they say of
    asks_not_to_be_indexed (True, False or nothing)."""
    account_id = draw(st.sampled_from(ACCOUNTS))
    day = draw(st.one_of(st.none(), st.integers(0, 3)))
    record = account(
        account_id,
        f"user{account_id}_{day}",
        f"User {account_id}",
        None if day is None else (START + timedelta(days=day)).isoformat(),
    )
    return {**record, "asks_not_to_be_indexed": draw(st.sampled_from([None, True, False]))}


@st.composite
def a_world(draw):
    # Records of one key and one observation time may differ: conflicts, settled the same
    # way whatever the order (METRICS.md).
    posts = draw(st.lists(a_post(), max_size=14))
    snapshots = draw(st.lists(a_snapshot(), max_size=8))
    accounts = draw(st.lists(an_account(), max_size=8))
    records = (
        [("post", r) for r in posts]
        + [("snapshot", r) for r in snapshots]
        + [("account", r) for r in accounts]
    )
    order = draw(st.permutations(range(len(records))))
    cuts = sorted(draw(st.lists(st.integers(0, len(records)), max_size=3)))
    return records, [records[i] for i in order], cuts


def _state(con) -> dict[str, pl.DataFrame]:
    tables = {f"marts.{m}": f"select * from marts.{m}" for m in MARTS}
    tables.update(
        {
            "core.posts": "select * from core.posts",
            "core.accounts": "select * from core.accounts",
            "core.follower_snapshots": "select * from core.follower_snapshots",
            "quarantine": "select source, record_kind, record, reasons from quarantine.rejected",
        }
    )
    return {name: con.sql(query).pl().sort(pl.all()) for name, query in tables.items()}


def _load_part(con, part: list[tuple[str, dict]]) -> None:
    load(
        con,
        posts=[r for k, r in part if k == "post"],
        snapshots=[r for k, r in part if k == "snapshot"],
        accounts=[r for k, r in part if k == "account"],
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(a_world())
def test_any_order_and_split_gives_the_same_warehouse(world):
    """core, quarantine and marts do not depend on how the records arrived."""
    records, shuffled, cuts = world
    chat = tchat(hosts=["user1"])
    reference = new_warehouse()
    _load_part(reference, records)
    build_chat(reference, chat, full=True)

    pieces = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
    incremental = new_warehouse()
    for piece in pieces:
        _load_part(incremental, piece)
        build_chat(incremental, chat)
    assert_same_tables(_state(incremental), _state(reference))
