"""chat_week's organic view, newcomer care and conversation health, worked out by hand.

W47: host H posts h1 (mentioning sponsor S) and h2; newcomers N1 and N2 post n1 and n2 (n2
mentions only itself); H replies to n1; N1 replies to h1; N2 reposts h1.
W48: H and N1 post again; N2 does not.
Followers: H 1000, N1 100, N2 10, S 5000.
"""

import pytest

from tests.builders import account, load, new_warehouse, post, rows, snapshot, tchat
from transforms.build import build_chat

H, N1, N2, S = "h", "n1", "n2", "s"


def _p(post_id, author, minute, kind="original", week="2026-11-18", **extra):
    handles = {H: "host", S: "brand"}
    return post(
        post_id,
        author,
        f"{week}T01:{minute:02d}:00+00:00",
        kind,
        handle=handles.get(author),
        **extra,
    )


@pytest.fixture(scope="module")
def weeks():
    con = new_warehouse()
    load(
        con,
        posts=[
            _p("h1", H, 0, mentions=(S,), likes=10),
            _p("h2", H, 1),
            _p("n1", N1, 2, likes=1),
            _p("n2", N2, 3, mentions=(N2,)),
            _p("r1", H, 4, "reply", reply_to=("n1", N1)),
            _p("r2", N1, 5, "reply", reply_to=("h1", H)),
            _p("rp", N2, 6, "repost", referenced=("h1", H), mentions=(S,)),
            _p("h3", H, 0, week="2026-11-25"),
            _p("n3", N1, 1, week="2026-11-25"),
        ],
        snapshots=[
            snapshot(a, "2026-11-01T00:00:00+00:00", n)
            for a, n in ((H, 1000), (N1, 100), (N2, 10), (S, 5000))
        ],
        accounts=[account(S, "Brand")],
    )
    build_chat(con, tchat(hosts=["host"], sponsors=["brand"]))
    return {r["week_label"]: r for r in rows(con, "select * from marts.chat_week")}


def test_newcomer_care(weeks):
    w = weeks["2026-W47"]
    assert w["new_participants"] == 3
    # H (replied to, reposted) and N1 (replied to) were acknowledged; N2 was not.
    assert w["newcomers_acknowledged"] == 2
    assert w["newcomer_care_rate"] == pytest.approx(2 / 3)
    assert w["acknowledged_newcomers_returned"] == 2
    assert w["unacknowledged_newcomers_returned"] == 0
    assert w["acknowledged_return_rate"] == 1.0
    assert w["unacknowledged_return_rate"] == 0.0


def test_conversation_health(weeks):
    w = weeks["2026-W47"]
    # Pairs {H,S}, {H,N1} (both ways), {H,N2}.
    assert w["interacting_pairs"] == 3
    assert w["reciprocity_rate"] == pytest.approx(1 / 3)
    # Of h1, h2, n1, n2, r1, r2: h1 mentions S, r1 and r2 reply; n2 mentions only itself.
    assert w["conversational_share"] == pytest.approx(3 / 6)
    # Posts per participant 3, 2, 2: G = 2(1·2 + 2·2 + 3·3)/(3·7) − 4/3 = 2/21.
    assert w["participation_gini"] == pytest.approx(2 / 21)


def test_organic_view_leaves_out_hosts_and_sponsors(weeks):
    w = weeks["2026-W47"]
    assert (w["participants"], w["organic_participants"]) == (3, 2)
    assert w["organic_new_participants"] == 2
    assert (w["posts"], w["organic_posts"]) == (6, 3)
    assert (w["impressions"], w["organic_impressions"]) == (3 * 1000 + 2 * 100 + 2 * 10, 220)
    assert (w["reach"], w["organic_reach"]) == (1110, 110)
    # H: reply + repost + 10 likes; N1: reply + 1 like; N2 and S: none.
    assert (w["engagements"], w["organic_engagements"]) == (12 + 2, 2)


def test_a_week_without_newcomers_has_no_rates(weeks):
    w = weeks["2026-W48"]
    assert w["new_participants"] == 0
    assert w["newcomer_care_rate"] is None
    assert w["participation_gini"] == 0.0
