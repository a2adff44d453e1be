"""What the mail says about a week: the low-data check on hand-made weeks, the content on a
simulated chat."""

from datetime import date, timedelta

import duckdb
import pytest

from config.settings import PrivacySettings
from delivery.content import Volume, week_content, week_volume
from reports.figures import OPTED_OUT
from tests.delivery.conftest import END_WEEK
from warehouse.publish import reading

WEEK = date(2026, 11, 16)


def _chat_weeks(posts_by_weeks_back: dict[int, int]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.chat_week (chat varchar, week_start date, posts bigint)")
    for back, posts in posts_by_weeks_back.items():
        con.execute(
            "insert into marts.chat_week values ('tchat', ?, ?)",
            [WEEK - timedelta(weeks=back), posts],
        )
    con.execute("insert into marts.chat_week values ('other', ?, 1)", [WEEK])
    return con


def test_a_week_under_a_quarter_of_the_trailing_median_is_low():
    """Previous 8 weeks (nine and ten weeks back are not counted): median 100; 24 < 25."""
    weeks = {back: 100 for back in range(1, 9)} | {9: 1, 10: 1, 0: 24}
    volume = week_volume(_chat_weeks(weeks), "tchat", WEEK)
    assert volume == Volume(posts=24, trailing_median_posts=100.0, weeks_compared=8)
    assert volume.is_low
    assert "24 posts" in volume.warning and "8 weeks" in volume.warning


def test_exactly_a_quarter_is_not_low():
    volume = week_volume(_chat_weeks({1: 100, 2: 100, 0: 25}), "tchat", WEEK)
    assert (volume.trailing_median_posts, volume.is_low, volume.warning) == (100.0, False, None)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    volume = week_volume(_chat_weeks({1: 10, 2: 30, 3: 50, 4: 70, 0: 9}), "tchat", WEEK)
    assert volume.trailing_median_posts == 40.0 and volume.is_low  # 9 < 10


def test_a_first_week_is_never_low_and_a_missing_week_has_no_posts():
    first = week_volume(_chat_weeks({0: 3}), "tchat", WEEK)
    assert first == Volume(3, None, 0) and not first.is_low
    missing = week_volume(_chat_weeks({1: 40, 2: 40}), "tchat", WEEK)
    assert missing == Volume(0, 40.0, 2) and missing.is_low


def test_week_content_of_a_simulated_chat(simulated):
    con = reading(simulated.warehouse.path)
    try:
        content = week_content(con, simulated.chat("tchat"), END_WEEK)
    finally:
        con.close()
    assert content.title == "#TChat 2026-W47" and content.label == "2026-W47"
    assert content.dates == "Mon 16 Nov 2026 – Sun 22 Nov 2026"
    assert [row.metric for row in content.headline][:3] == [
        "participants",
        "new_participants",
        "posts",
    ]
    posts = next(row for row in content.headline if row.metric == "posts")
    assert posts.value == content.volume.posts > 0 and posts.previous is not None
    assert 0 < len(content.contributors) <= 10
    assert [c.position for c in content.contributors] == list(
        range(1, len(content.contributors) + 1)
    )
    assert [label for label, _ in content.reach_by_week] == ["2026-W45", "2026-W46", "2026-W47"]


def test_an_opted_out_contributor_is_never_named(simulated):
    con = reading(simulated.warehouse.path)
    try:
        chat = simulated.chat("tchat")
        first = week_content(con, chat, END_WEEK).contributors[0]
        handle = first.name.split("(@")[-1].rstrip(")").lstrip("@")
        account = con.execute(
            "select platform || ':' || account_id from core.accounts where handle = ?", [handle]
        ).fetchall()[0][0]
        hidden = week_content(con, chat, END_WEEK, PrivacySettings(opt_out=[account]).opt_out)
    finally:
        con.close()
    assert hidden.contributors[0].name == hidden.contributors[0].handle == OPTED_OUT
    assert all(handle not in c.name for c in hidden.contributors)


@pytest.mark.parametrize(("posts", "text"), [(0, "0 posts,"), (1, "1 post,"), (2, "2 posts,")])
def test_volume_warning_reads_well(posts, text):
    assert Volume(posts, 10.0, 3).warning.startswith(f"Low data: this week has {text} fewer")
