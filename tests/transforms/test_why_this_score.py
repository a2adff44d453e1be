"""The parts of an account-week's standing side by side: amplifiers, replies and mentions given,
interaction partners and reciprocity, against a week worked out by hand."""

import pytest

from tests.builders import load, new_warehouse, post, rows, tchat
from transforms.build import build_chat

W47 = "2026-11-16"
A, B, C, D, E = "11", "12", "13", "14", "15"


def _t(minute: int) -> str:
    return f"2026-11-18T01:{minute:02d}:00+00:00"  # Tuesday evening in New York, 2026-W47


POSTS = [
    post("a1", A, _t(0), mentions=(C,)),  # A -> C mention
    post("b1", B, _t(1), "repost", referenced=("a1", A)),  # B -> A repost
    post("b2", B, _t(2), "repost", referenced=("a1", A)),  # B -> A repost again: same amplifier
    post("b3", B, _t(3), "quote", referenced=("a1", A)),  # B -> A quote: same amplifier
    post("c1", C, _t(4), "repost", referenced=("a1", A), mentions=(D,)),  # C -> A; copied mention
    post("a2", A, _t(5), "reply", reply_to=("b3", B), mentions=(B, C)),  # A -> B reply, A -> C
    post("a3", A, _t(6), "reply", reply_to=("b3", B)),  # A -> B reply
    post("a4", A, _t(7), "reply", reply_to=("a1", A)),  # self-reply: no interaction
    post("d1", D, _t(8), mentions=(A, A, E)),  # D -> A and D -> E mentions (A once)
    post("b4", B, _t(9), "reply", reply_to=("a2", A), mentions=(A,)),  # B -> A reply only
    post("e1", E, _t(10)),  # E: took part, interacted with nobody
    post("f1", "16", _t(11)),  # F: took part, nobody at all
]


@pytest.fixture(scope="module")
def weeks() -> dict[str, dict]:
    con = new_warehouse()
    load(con, posts=POSTS)
    build_chat(con, tchat())
    found = rows(con, "select * from marts.account_week where week_start = ?", [W47])
    return {row["account_id"]: row for row in found}


def test_amplifiers_count_distinct_reposters_and_quoters(weeks):
    """A was reposted twice and quoted once by B and reposted once by C: 3 reposts, 1 quote,
    but 2 amplifiers. Nobody else was reposted or quoted."""
    a = weeks[A]
    assert (a["reposts_received"], a["quotes_received"], a["amplifiers"]) == (3, 1, 2)
    assert all(weeks[x]["amplifiers"] == 0 for x in (B, C, D, E))


def test_replies_and_mentions_given(weeks):
    """A replied twice to B (a2, a3; its self-reply a4 does not count). A's mentions: C in a1
    and C in a2; a2's mention of B is its own reply target, so no mention interaction: 2.
    B's reply b4 mentions its own target A: a reply, no mention given (A still counts b4 among
    its mentions_received). C's repost copies the original's mentions: none given. D mentions
    A (twice in one post: once) and E: 2."""
    given = {x: (weeks[x]["replies_given"], weeks[x]["mentions_given"]) for x in (A, B, C, D, E)}
    assert given == {A: (2, 2), B: (1, 0), C: (0, 0), D: (0, 2), E: (0, 0)}
    assert weeks[A]["mentions_received"] == 2  # d1 and b4
    assert weeks[A]["replies_received"] == 1  # b4 (a4 is its own)


def test_partners_and_reciprocity(weeks):
    """A's partners: B (A replied, B reposted/quoted/replied: both ways), C (A mentioned C, C
    reposted A: both ways), D (mentioned A, A never interacted with D: one way). 3 partners, 2
    reciprocal, rate 2/3. B: only A, both ways: 1 of 1. C: only A, both ways (its repost's
    copied mention of D is no interaction): 1 of 1. D: A and E, neither answered: 0 of 2,
    rate 0. E was only mentioned: 1 partner, 0 reciprocal. F interacted with nobody and nobody
    with it: 0 partners and a NULL rate, not 0."""
    found = {
        x: (
            weeks[x]["interaction_partners"],
            weeks[x]["reciprocal_partners"],
            weeks[x]["reciprocity_rate"],
        )
        for x in (A, B, C, D, E, "16")
    }
    assert found[A] == (3, 2, pytest.approx(2 / 3))
    assert found[B] == (1, 1, 1.0)
    assert found[C] == (1, 1, 1.0)  # A both ways; c1's copied mention of D is no interaction
    assert found[D] == (2, 0, 0.0)
    assert found[E] == (1, 0, 0.0)
    assert found["16"] == (0, 0, None)
