"""int_lift_weeks: the chat_lift windows a build rewrites, those whose 12 weeks (the week and
the 11 before it) hold a week whose account_growth rows it rewrites. Twenty chat weeks,
numbered 0-19; the expected windows are counted by hand from that rule."""

from datetime import date, timedelta

import duckdb
import pytest

from transforms.steps import Model

START = date(2025, 9, 1)
WEEKS = [START + timedelta(weeks=n) for n in range(20)]


def lift_weeks(
    dirty: list[int], vanished: list[date], growth: list[tuple[str, date | None]]
) -> list[int]:
    """The window weeks (by number) with chat weeks `dirty` recomputed, weeks `vanished`
    (no longer chat weeks) dirty, and stg_growth_changes rows (account, week or None)."""
    con = duckdb.connect()
    con.execute(
        "create temp table int_chat_weeks as select unnest(?::date[]) as week_start, "
        "unnest(?::boolean[]) as is_dirty",
        [WEEKS, [n in dirty for n in range(len(WEEKS))]],
    )
    con.execute(
        "create temp table stg_dirty_weeks as select unnest(?::date[]) as week_start",
        [[WEEKS[n] for n in dirty] + vanished],
    )
    con.execute(
        "create temp table stg_growth_changes (platform varchar, account_id varchar, "
        "week_start date)"
    )
    for account, week in growth:
        con.execute("insert into stg_growth_changes values ('x', ?, ?)", [account, week])
    found = con.execute(Model("intermediate", "int_lift_weeks").sql).fetchall()
    return sorted(WEEKS.index(week) for (week,) in found)


def test_a_recomputed_week_reaches_the_twelve_windows_that_hold_it() -> None:
    assert lift_weeks([3], [], []) == list(range(3, 15))


def test_windows_past_the_last_week_are_not_made_up() -> None:
    assert lift_weeks([15], [], []) == list(range(15, 20))


def test_a_growth_row_named_by_week_reaches_its_windows() -> None:
    assert lift_weeks([], [], [("a", WEEKS[17])]) == [17, 18, 19]


def test_a_change_of_membership_alone_rewrites_no_window() -> None:
    """Its account counts only in windows holding a week it took part in, recomputed anyway."""
    assert lift_weeks([], [], [("a", None)]) == []


def test_a_week_that_is_no_longer_a_chat_week_reaches_the_windows_after_it() -> None:
    """A week before the first chat week that lost its posts: windows 0-9 held it."""
    assert lift_weeks([], [START - timedelta(weeks=2)], []) == list(range(10))


@pytest.mark.parametrize("dirty", [[0, 19], [5, 6, 7]])
def test_windows_of_several_weeks_are_their_union(dirty: list[int]) -> None:
    expected = sorted({w for d in dirty for w in range(d, min(d + 12, 20))})
    assert lift_weeks(dirty, [], []) == expected
