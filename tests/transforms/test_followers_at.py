"""int_followers_at: followers_at(account, instant) is the latest snapshot captured at or before
the instant, else the earliest after it, else 0 with has_follower_data false. The model reads
the snapshots of the two weeks before its first probe and older ones only for the accounts
without one there; the expected counts below follow from the definition alone, for accounts
on either side of that line."""

from datetime import UTC, datetime, timedelta

import duckdb

from transforms.steps import Model

PROBE = datetime(2026, 11, 18, 20, 0, tzinfo=UTC)
LATER_PROBE = PROBE + timedelta(days=7)


def followers_at(snapshots: list[tuple[str, datetime, int]], probes: list[tuple[str, datetime]]):
    """{(account, instant): (followers, has_follower_data)} with the probes as week ends."""
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    con.execute("create schema core")
    con.execute(
        "create table core.follower_snapshots (platform varchar, account_id varchar, "
        "captured_at timestamptz, followers_count bigint)"
    )
    for account, at, count in snapshots:
        con.execute(
            "insert into core.follower_snapshots values ('x', ?, ?, ?)", [account, at, count]
        )
    con.execute(
        "create temp table int_week_posts (platform varchar, author_id varchar, "
        "created_at timestamptz)"
    )
    con.execute(
        "create temp table int_amplifiers (platform varchar, amplifier_id varchar, "
        "first_amplified_at timestamptz)"
    )
    con.execute(
        "create temp table int_account_week_rows (platform varchar, account_id varchar, week_end timestamptz)"
    )
    for account, at in probes:
        con.execute("insert into int_account_week_rows values ('x', ?, ?)", [account, at])
    rows = con.execute(Model("intermediate", "int_followers_at").sql).fetchall()
    return {(account, at): (followers, has) for _, account, at, followers, has in rows}


def test_the_latest_snapshot_before_wins_however_old_it_is() -> None:
    found = followers_at(
        [
            ("recent", PROBE - timedelta(days=40), 10),
            ("recent", PROBE - timedelta(days=3), 20),
            ("old", PROBE - timedelta(days=60), 30),
            ("old", PROBE - timedelta(days=40), 40),
        ],
        [("recent", PROBE), ("old", PROBE)],
    )
    assert found == {("recent", PROBE): (20, True), ("old", PROBE): (40, True)}


def test_a_snapshot_between_two_probes_counts_for_the_later_one_only() -> None:
    found = followers_at(
        [("a", PROBE - timedelta(days=30), 5), ("a", PROBE + timedelta(days=2), 7)],
        [("a", PROBE), ("a", LATER_PROBE)],
    )
    assert found == {("a", PROBE): (5, True), ("a", LATER_PROBE): (7, True)}


def test_without_a_snapshot_before_the_earliest_after_counts() -> None:
    found = followers_at(
        [("late", PROBE + timedelta(days=1), 50), ("late", PROBE + timedelta(days=3), 60)],
        [("late", PROBE), ("none", PROBE)],
    )
    assert found == {("late", PROBE): (50, True), ("none", PROBE): (0, False)}
