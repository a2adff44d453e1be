"""marts.account_week against values worked out by hand (see scenario.py for the world)."""

from datetime import date

import pytest

from tests.builders import load, new_warehouse, rows, tchat
from tests.transforms.scenario import POSTS, SNAPSHOTS, A, B, C, D
from transforms.build import build_chat

W47, W48 = date(2026, 11, 16), date(2026, 11, 23)


@pytest.fixture(scope="module")
def account_weeks() -> dict[tuple[date, str], dict]:
    con = new_warehouse()
    load(con, posts=POSTS, snapshots=SNAPSHOTS)
    build_chat(con, tchat())
    found = rows(con, "select * from marts.account_week")
    return {(row["week_start"], row["account_id"]): row for row in found}


def test_rows_are_participants_and_interaction_targets(account_weeks):
    """W47 has all four accounts; W48 has D only as a mention target; p6 (#TChatter) makes none."""
    assert set(account_weeks) == {
        (W47, A),
        (W47, B),
        (W47, C),
        (W47, D),
        (W48, A),
        (W48, B),
        (W48, C),
        (W48, D),
    }
    assert account_weeks[(W48, D)]["participated"] is False
    assert all(account_weeks[(W47, x)]["participated"] for x in (A, B, C, D))


def test_alice_week_47(account_weeks):
    """A: two posts (one a self-reply), replied to once, reposted once, mentioned by two posts."""
    row = account_weeks[(W47, A)]
    assert row["week_label"] == "2026-W47"
    assert (row["posts"], row["reposts"]) == (2, 0)
    # p2 replies to A; p4 is A's reply to itself and is ignored.
    assert row["replies_received"] == 1
    assert row["reposts_received"] == 1  # p3 by C
    assert row["quotes_received"] == 0
    # p2 (reply that mentions its own target) and p5 mention A; p3 is a repost.
    assert row["mentions_received"] == 2
    assert row["likes_received"] == 5 + 1
    assert row["engagements_received"] == 1 + 1 + 0 + 6
    # Latest snapshot in [W47 start, W47 end): 110 (the one at week_end itself is excluded).
    assert row["followers_end"] == 110
    assert row["follower_change"] == 110 - 100
    # p1 and p4 were posted when A had 100 followers.
    assert row["impressions"] == 200
    # C reposted A at 01:10Z on the 18th, when C had 1000 followers.
    assert row["amplified_audience"] == 1000
    # followers_at(A, week_end) takes the snapshot captured exactly at week_end.
    assert row["followers_at_week_end"] == 120
    assert row["reach"] == 120 + 1000
    assert row["has_follower_data"] is True


def test_bob_week_47_id_beyond_2_53(account_weeks):
    """B keeps its 17-digit id; duplicate mention ids count once; a repost's mentions count not."""
    row = account_weeks[(W47, B)]
    assert row["account_id"] == "9007199254740993"
    assert (row["posts"], row["reposts"]) == (1, 0)  # p6 is not a chat post
    assert row["replies_received"] == 0
    assert row["reposts_received"] == 1  # p7 by C
    assert row["quotes_received"] == 1  # p5 by D
    assert row["mentions_received"] == 1  # p1 mentions B twice; p3 is a repost
    assert row["likes_received"] == 2
    assert row["engagements_received"] == 0 + 1 + 1 + 2
    assert row["followers_end"] == 50
    assert row["follower_change"] is None  # no snapshot in W46
    # p2 was posted before B's only snapshot: the earliest snapshot after it counts.
    assert row["impressions"] == 50
    # C (1000) reposted and D (no snapshot: 0) quoted.
    assert row["amplified_audience"] == 1000
    assert row["reach"] == 50 + 1000


def test_carol_week_47_only_reposts(account_weeks):
    """C took part with reposts only: impressions from both, no likes counted."""
    row = account_weeks[(W47, C)]
    assert (row["posts"], row["reposts"]) == (0, 2)
    assert row["mentions_received"] == 1  # p1
    assert row["likes_received"] == 0
    assert row["engagements_received"] == 0
    assert row["followers_end"] is None  # no snapshot inside W47
    assert row["follower_change"] is None
    assert row["impressions"] == 2000
    assert row["followers_at_week_end"] == 1000
    assert row["reach"] == 1000


def test_dave_without_follower_data(account_weeks):
    """D has no snapshot at all: its followers count as 0 and it is flagged."""
    row = account_weeks[(W47, D)]
    assert (row["posts"], row["likes_received"], row["engagements_received"]) == (1, 3, 3)
    assert row["impressions"] == 0
    assert row["reach"] == 0
    assert row["followers_end"] is None
    assert row["has_follower_data"] is False


def test_week_48(account_weeks):
    """A reply that mentions its own target counts as a mention but yields no mention edge."""
    alice = account_weeks[(W48, A)]
    assert alice["replies_received"] == 1
    assert alice["mentions_received"] == 1
    assert alice["engagements_received"] == 1 + 4
    # The snapshot at W47's end opens W48's window: 120 then 130 on the 25th.
    assert alice["followers_end"] == 130
    assert alice["follower_change"] == 130 - 110
    assert alice["impressions"] == 120  # p8 at 01:00Z on the 25th
    assert alice["reach"] == 130
    dave = account_weeks[(W48, D)]
    assert dave["mentions_received"] == 1
    assert dave["posts"] == 0 and dave["impressions"] == 0


def test_nfkc_hashtag_matches(account_weeks):
    """A fullwidth #ＴＣｈａｔ is #TChat after NFKC normalisation."""
    row = account_weeks[(W48, B)]
    assert row["posts"] == 1
    assert row["impressions"] == 50
    assert row["reach"] == 50
