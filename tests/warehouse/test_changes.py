"""The change log is written for the builds that read it: none while no chat has been built
(every chat's first build is a full one), every change once one has."""

from tests.builders import load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

CHANGES = (
    "select record_kind, account_id, old_at::varchar as old_at, new_at::varchar as new_at "
    "from ops.changes order by change_id"
)


def test_loads_before_any_build_write_no_change_log_and_the_first_build_is_full():
    con = new_warehouse()
    load(
        con,
        posts=[post("1", "10", "2026-11-18T01:00:00+00:00")],
        snapshots=[snapshot("10", "2026-11-17T00:00:00+00:00", 40)],
    )
    assert rows(con, CHANGES) == []
    result = build_chat(con, tchat())
    assert result.full
    assert rows(con, "select week_label, participants from marts.chat_week") == [
        {"week_label": "2026-W47", "participants": 1}
    ]


def test_once_a_chat_is_built_every_change_is_logged_and_reaches_its_week():
    """A post of W48 and a snapshot loaded after the first build are both logged, and the
    incremental build recomputes W48 alone (the post's week; the snapshot of account 10 follows
    its W47 snapshot, so it reaches only the weeks from its own, W48, on)."""
    con = new_warehouse()
    load(
        con,
        posts=[post("1", "10", "2026-11-18T01:00:00+00:00")],
        snapshots=[snapshot("10", "2026-11-17T00:00:00+00:00", 40)],
    )
    build_chat(con, tchat())
    load(
        con,
        posts=[post("2", "11", "2026-11-25T01:00:00+00:00")],
        snapshots=[snapshot("10", "2026-11-24T00:00:00+00:00", 45)],
    )
    assert rows(con, CHANGES) == [
        {
            "record_kind": "post",
            "account_id": "11",
            "old_at": None,
            "new_at": "2026-11-25 01:00:00+00",
        },
        {
            "record_kind": "snapshot",
            "account_id": "10",
            "old_at": None,
            "new_at": "2026-11-24 00:00:00+00",
        },
    ]
    result = build_chat(con, tchat())
    assert (result.full, result.weeks_rebuilt) == (False, 1)
    assert rows(con, "select week_label, participants from marts.chat_week order by 1") == [
        {"week_label": "2026-W47", "participants": 1},
        {"week_label": "2026-W48", "participants": 1},
    ]
