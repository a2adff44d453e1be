"""A small #TChat world whose marts are worked out by hand in the tests.

Chat: #TChat in America/New_York. Week 2026-W47 runs from 2026-11-16T05:00Z to
2026-11-23T05:00Z, W48 to 2026-11-30T05:00Z. Accounts: A "1001", B "9007199254740993"
(beyond 2^53), C "1003", D "1004" (no follower snapshot at all).
"""

from tests.builders import post, snapshot

A, B, C, D = "1001", "9007199254740993", "1003", "1004"

SNAPSHOTS = [
    snapshot(A, "2026-11-10T12:00:00+00:00", 100),
    snapshot(A, "2026-11-18T12:00:00+00:00", 110),
    snapshot(A, "2026-11-23T05:00:00+00:00", 120),  # exactly W47's week_end
    snapshot(A, "2026-11-25T12:00:00+00:00", 130),
    snapshot(B, "2026-11-20T00:00:00+00:00", 50),  # B's only snapshot
    snapshot(C, "2026-11-01T00:00:00+00:00", 1000),
]

POSTS = [
    # W47
    post(
        "p1",
        A,
        "2026-11-18T01:00:00+00:00",
        text="Q1 What is influence? #TChat",
        mentions=(B, B, C),
        likes=5,
    ),
    post("p2", B, "2026-11-18T01:05:00+00:00", "reply", reply_to=("p1", A), mentions=(A,), likes=2),
    post("p3", C, "2026-11-18T01:10:00+00:00", "repost", referenced=("p1", A), mentions=(B,)),
    post("p4", A, "2026-11-18T01:15:00+00:00", "reply", reply_to=("p1", A), likes=1),
    # Sunday 23:30 in New York, already Monday in UTC: still W47.
    post(
        "p5", D, "2026-11-23T04:30:00+00:00", "quote", referenced=("p2", B), mentions=(A,), likes=3
    ),
    post("p6", B, "2026-11-18T02:00:00+00:00", hashtags=("TChatter",), likes=50),
    post("p7", C, "2026-11-19T00:00:00+00:00", "repost", referenced=("p2", B)),
    # W48
    post("p8", A, "2026-11-25T01:00:00+00:00", hashtags=("tchat",), likes=4),
    post("p9", C, "2026-11-25T02:00:00+00:00", "reply", reply_to=("p8", A), mentions=(A, D)),
    # A fullwidth #ＴＣｈａｔ is #TChat after NFKC normalisation.
    post("p10", B, "2026-11-25T03:00:00+00:00", hashtags=("ＴＣｈａｔ",)),
]
