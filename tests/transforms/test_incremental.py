"""An incremental build after any sequence of loads equals a full rebuild of the same data."""

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.builders import assert_same_tables, load, new_warehouse, post, snapshot, tchat
from transforms.build import build_chat

ACCOUNTS = ["1", "2", "3", "4", "5"]
START = datetime(2026, 10, 19, tzinfo=UTC)  # a few weeks around the end of summer time
KINDS = ["original", "reply", "repost", "quote"]
URLS = ["https://www.example.com/a/?utm_source=x", "https://example.com/a", "https://other.org/"]


@st.composite
def a_post(draw):
    author = draw(st.sampled_from(ACCOUNTS))
    kind = draw(st.sampled_from(KINDS))
    other = draw(st.sampled_from(ACCOUNTS))
    created = START + timedelta(hours=draw(st.integers(0, 24 * 7 * 5)))
    observed = START + timedelta(days=36, hours=draw(st.integers(0, 40)))
    return post(
        f"p{draw(st.integers(0, 14))}",
        author,
        created.isoformat(),
        kind,
        reply_to=("q", other) if kind == "reply" else None,
        referenced=("q", other) if kind in ("repost", "quote") else None,
        mentions=tuple(draw(st.lists(st.sampled_from(ACCOUNTS), max_size=3))),
        hashtags=(draw(st.sampled_from(["TChat", "tchat", "Other"])),),
        text=draw(st.sampled_from(["Q1 why?", "Q2 how?", "A1 because", "@user1 A2 so", "hi"])),
        urls=tuple(draw(st.lists(st.sampled_from(URLS), max_size=2))),
        likes=draw(st.integers(0, 5)),
        observed=observed.isoformat(),
    )


@st.composite
def a_snapshot(draw):
    captured = START + timedelta(hours=draw(st.integers(-24 * 14, 24 * 7 * 5)))
    return snapshot(
        draw(st.sampled_from(ACCOUNTS)), captured.isoformat(), draw(st.integers(0, 900))
    )


a_batch = st.tuples(st.lists(a_post(), max_size=6), st.lists(a_snapshot(), max_size=4))


def _marts(con) -> dict[str, pl.DataFrame]:
    return {
        table: con.sql(f"select * from marts.{table}").pl().sort(pl.all())
        for table in (
            "account_week",
            "chat_week",
            "account_growth",
            "chat_lift",
            "question_week",
            "link_week",
            "influence_correlation",
            "gaming_signals",
        )
    }


def _unique_keys(batch_posts: list[dict]) -> list[dict]:
    # Two different records with the same key and observation time have no defined winner.
    seen: dict[tuple, dict] = {}
    for record in batch_posts:
        seen.setdefault((record["post_id"], record["observed_at"]), record)
    return list(seen.values())


# No shrinking: each example builds two warehouses, and a failure is readable as generated.
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(st.lists(a_batch, min_size=1, max_size=4))
def test_incremental_build_equals_full_rebuild(batches):
    """After each load, the incrementally built marts equal a fresh full build of all data."""
    chat = tchat(hosts=["user1"], sponsors=["user2"])
    incremental = new_warehouse()
    loaded_posts: list[dict] = []
    loaded_snapshots: list[dict] = []
    for posts, snapshots in batches:
        posts = [
            p
            for p in _unique_keys(posts)
            if (p["post_id"], p["observed_at"])
            not in {(q["post_id"], q["observed_at"]) for q in loaded_posts}
        ]
        load(incremental, posts=posts, snapshots=snapshots)
        build_chat(incremental, chat)
        loaded_posts += posts
        loaded_snapshots += snapshots
        fresh = new_warehouse()
        load(fresh, posts=loaded_posts, snapshots=loaded_snapshots)
        build_chat(fresh, chat, full=True)
        assert_same_tables(_marts(incremental), _marts(fresh))


def test_an_earlier_post_moves_the_authors_first_week():
    """A post loaded later but made two weeks earlier makes its author no longer new in W48."""
    chat = tchat()
    con = new_warehouse()
    load(con, posts=[post("late", "1", "2026-11-25T01:00:00+00:00")])
    build_chat(con, chat)
    load(con, posts=[post("early", "1", "2026-11-11T01:00:00+00:00")])
    build_chat(con, chat)
    found = con.execute(
        "select week_label, new_participants, retention_rate from marts.chat_week order by 1"
    ).fetchall()
    assert found == [("2026-W46", 1, None), ("2026-W47", 0, 0.0), ("2026-W48", 0, None)]


def test_a_return_next_week_updates_the_previous_weeks_newcomer_care():
    """A newcomer's post loaded a week later changes whether last week's newcomers returned:
    W47 keeps its other columns and only its newcomer care is rewritten (one week rebuilt).
    Account 1 is W47's newcomer acknowledged by 2's reply and back in W48; 2 is a newcomer
    nobody acknowledged who does not come back."""
    chat = tchat()
    con = new_warehouse()
    load(
        con,
        posts=[
            post("n", "1", "2026-11-18T01:00:00+00:00"),
            post("r", "2", "2026-11-18T01:05:00+00:00", "reply", reply_to=("n", "1")),
        ],
    )
    build_chat(con, chat)
    load(con, posts=[post("back", "1", "2026-11-25T01:00:00+00:00")])
    assert build_chat(con, chat).weeks_rebuilt == 1
    found = con.execute(
        "select newcomers_acknowledged, newcomer_care_rate, acknowledged_newcomers_returned, "
        "unacknowledged_newcomers_returned, acknowledged_return_rate, unacknowledged_return_rate "
        "from marts.chat_week where week_label = '2026-W47'"
    ).fetchall()
    assert found == [(1, 0.5, 1, 0, 1.0, 0.0)]


def test_a_new_snapshot_rebuilds_only_the_weeks_it_can_reach():
    """A snapshot after all others reaches its week, and the one before only when it is
    captured at the instant its week starts (the week_end of the week before); an earliest
    one reaches back to the first weeks, up to the week after the next snapshot."""
    chat = tchat()
    con = new_warehouse()
    load(
        con,
        posts=[
            post(f"w{n}", "1", f"2026-11-{day}T01:00:00+00:00")
            for n, day in ((45, "04"), (46, "11"), (47, "18"), (48, "25"))
        ],
        snapshots=[snapshot("1", "2026-10-28T12:00:00+00:00", 10)],
    )
    assert build_chat(con, chat).weeks_rebuilt == 4
    load(con, snapshots=[snapshot("1", "2026-11-24T12:00:00+00:00", 20)])  # in W48
    assert build_chat(con, chat).weeks_rebuilt == 1  # W48: W47's instants are all before it
    load(con, snapshots=[snapshot("1", "2026-11-23T05:00:00+00:00", 15)])  # W48's start
    assert build_chat(con, chat).weeks_rebuilt == 2  # W48, and W47, whose week_end it is
    load(con, snapshots=[snapshot("1", "2026-10-21T12:00:00+00:00", 5)])  # before all: W43
    # Its fallback reaches every earlier instant, and it holds until the W44 snapshot: the
    # weeks up to W45 (the week after W44) that the account appears in: W45 only.
    assert build_chat(con, chat).weeks_rebuilt == 1
