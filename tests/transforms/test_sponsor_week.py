"""marts.sponsor_week on one chat-week worked out by hand, and a week the sponsor sat out.

Week 2026-W47 (New York). The sponsor Monster_Works is account 99. Posts of the week:
1. host (10, 100 followers) "thanks @Monster_Works!": names it by text; 3 likes.
2. bob (11) "mail me at x@monster_works ok": the handle follows a letter, so it does not.
3. carol (12, 50 followers) mentions 99 by id: names it; 1 like, 1 repost.
4. Monster_Works itself "our own post @monster_works": its own post does not count.
So: 2 posts, 2 authors, impressions 100 + 50, reach 150, engagements 3 + 2; its mentions
received 1 (carol's mention_ids), its own posts 1. Week 2026-W48: only the host posts.
"""

from datetime import date

import pytest

from tests.builders import account, load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

W47, W48 = date(2026, 11, 16), date(2026, 11, 23)


@pytest.fixture(scope="module")
def sponsor_week() -> dict:
    con = new_warehouse()
    load(
        con,
        posts=[
            post("1", "10", "2026-11-18T01:00:00+00:00", text="thanks @Monster_Works! #TChat",
                 handle="host", likes=3),
            post("2", "11", "2026-11-18T01:05:00+00:00", text="mail me at x@monster_works ok",
                 handle="bob"),
            post("3", "12", "2026-11-18T01:06:00+00:00", text="by id", mentions=("99",),
                 handle="carol", likes=1, reposts=1),
            post("4", "99", "2026-11-18T01:07:00+00:00", text="our own post @monster_works",
                 handle="Monster_Works"),
            post("5", "10", "2026-11-25T01:00:00+00:00", text="a quiet week", handle="host"),
        ],
        snapshots=[
            snapshot("10", "2026-11-17T00:00:00+00:00", 100),
            snapshot("12", "2026-11-17T00:00:00+00:00", 50),
        ],
        accounts=[account("99", "Monster_Works")],
    )  # fmt: skip
    build_chat(con, tchat(sponsors=["@Monster_Works", "Nobody_Here"]))
    found = rows(con, "select * from marts.sponsor_week")
    return {(row["week_start"], row["sponsor"]): row for row in found}


def test_one_row_per_week_and_sponsor(sponsor_week):
    assert sorted(sponsor_week) == [
        (W47, "monster_works"),
        (W47, "nobody_here"),
        (W48, "monster_works"),
        (W48, "nobody_here"),
    ]


def test_the_posts_that_name_it_and_their_audience(sponsor_week):
    row = sponsor_week[(W47, "monster_works")]
    shown = ("chat", "week_start", "week_label", "sponsor", "influence_score")
    assert {k: row[k] for k in row if k not in shown} == {
        "accounts_known": 1,
        "posts_naming": 2,
        "authors_naming": 2,
        "impressions_naming": 150,
        "reach_of_authors": 150,
        "engagements_naming": 5,
        "mentions_received": 1,
        "own_posts": 1,
        "reach": 0,
    }
    assert row["influence_score"] is not None  # it took part; its PageRank is the mart's


def test_a_week_without_its_row_and_a_handle_never_seen(sponsor_week):
    quiet = sponsor_week[(W48, "monster_works")]
    assert (quiet["posts_naming"], quiet["mentions_received"]) == (0, 0)
    assert (quiet["own_posts"], quiet["reach"], quiet["influence_score"]) == (None, None, None)
    unknown = sponsor_week[(W47, "nobody_here")]
    assert (unknown["accounts_known"], unknown["posts_naming"]) == (0, 0)
