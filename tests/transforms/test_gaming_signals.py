"""marts.gaming_signals: each signal on small hand-built weeks whose verdicts are argued case by
case, then on the demo simulator: every injected behaviour is flagged for the accounts playing
it, and honest communities raise no flag at all."""

import datetime as dt
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from schemas.dictionary import GAMING_SIGNALS
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.demo import GAMING_BEHAVIOURS, simulate
from tests.builders import load, new_warehouse, post, rows, tchat
from transforms import gaming
from transforms.build import build_chat
from transforms.gaming import with_normalised_text
from warehouse.ingest import load_records

W46 = dt.date(2026, 11, 9)
SESSION = datetime(2026, 11, 11, 1, 0, tzinfo=UTC)  # Tuesday 20:00 in New York, 2026-W46


def _at(seconds: float) -> str:
    return (SESSION + timedelta(seconds=seconds)).isoformat()


def _signals(posts: list[dict], **chat) -> dict[tuple[str, str], dict]:
    con = new_warehouse()
    load(con, posts=posts)
    build_chat(con, tchat(**chat))
    found = rows(con, "select * from marts.gaming_signals")
    assert all(row["week_start"] == W46 for row in found)
    return {(row["account_id"], row["signal"]): row for row in found}


def _flagged(found: dict, signal: str) -> set[str]:
    return {account for account, name in found if name == signal}


# --- few_sources ----------------------------------------------------------------------------


def _received(target: str, sources: list[str], tag: str) -> list[dict]:
    """One interaction per source listed: replies, reposts and mentions in turn."""
    made = []
    for i, source in enumerate(sources):
        kind = ("reply", "repost", "original")[i % 3]
        made.append(
            post(
                f"{tag}{i}",
                source,
                _at(60 * i),
                kind,
                reply_to=(f"{target}p", target) if kind == "reply" else None,
                referenced=(f"{target}p", target) if kind == "repost" else None,
                mentions=(target,) if kind == "original" else (),
            )
        )
    return made


def test_few_sources_by_hand():
    """T1 received 10 interactions, 5 from S1 and 3 from S2, 1 each from O1 and O2: the top 2
    sources gave 8/10 = 0.8, exactly the threshold -> flagged, related [S1, S2].
    T2 received 9, all from S1: fewer than 10 -> not flagged, however concentrated.
    T3 received 10, 4 from S1, 3 from S2 and 3 from three others: 7/10 = 0.7 -> not flagged."""
    posts = (
        _received("31", ["41"] * 5 + ["42"] * 3 + ["43", "44"], "t1_")
        + _received("32", ["41"] * 9, "t2_")
        + _received("33", ["41"] * 4 + ["42"] * 3 + ["45", "46", "47"], "t3_")
    )
    found = _signals(posts)
    assert _flagged(found, "few_sources") == {"31"}
    row = found[("31", "few_sources")]
    assert (row["value"], row["threshold"]) == (pytest.approx(0.8), 0.8)
    assert row["related_accounts"] == ["41", "42"]
    assert row["evidence"].startswith("8 of the 10 interactions it received")


# --- repost_ring ----------------------------------------------------------------------------


def _reposts(source: str, target: str, times: int, tag: str) -> list[dict]:
    return [
        post(f"{tag}{source}_{target}_{i}", source, _at(i), "repost", referenced=("x", target))
        for i in range(times)
    ]


def test_repost_ring_by_hand():
    """R1, R2, R3 each repost each other twice: a triangle of mutual links -> all 3 flagged,
    value 3, each naming the other two.
    P1 and P2 repost each other twice: linked, but a group of 2 -> not flagged.
    Q1-Q2 and Q2-Q3 are mutual twice, Q1 and Q3 never repost each other: still one connected
    group of 3 -> all flagged.
    K1 reposts K2 twice but K2 reposts K1 once: no link; K2-K3 are mutual twice: a group of 2
    -> not flagged (with a link K1-K2 it would have been a group of 3)."""
    posts = []
    for a, b in [("71", "72"), ("72", "73"), ("71", "73")]:  # R1, R2, R3
        posts += _reposts(a, b, 2, "r") + _reposts(b, a, 2, "r")
    posts += _reposts("74", "75", 2, "p") + _reposts("75", "74", 2, "p")  # P1, P2
    for a, b in [("76", "77"), ("77", "78")]:  # Q1, Q2, Q3
        posts += _reposts(a, b, 2, "q") + _reposts(b, a, 2, "q")
    posts += _reposts("81", "82", 2, "k") + _reposts("82", "81", 1, "k")  # K1, K2
    posts += _reposts("82", "83", 2, "k") + _reposts("83", "82", 2, "k")  # K2, K3
    found = _signals(posts)
    assert _flagged(found, "repost_ring") == {"71", "72", "73", "76", "77", "78"}
    row = found[("71", "repost_ring")]
    assert (row["value"], row["threshold"], row["related_accounts"]) == (3.0, 3.0, ["72", "73"])
    assert "it reposted its ring partners 4 times and they reposted it 4 times" in row["evidence"]
    assert found[("77", "repost_ring")]["related_accounts"] == ["76", "78"]


# --- burst ----------------------------------------------------------------------------------


def _mentions(target: str, seconds: list[float], tag: str, kind: str = "original") -> list[dict]:
    """One post per instant by ten sources in turn, each mentioning (or reposting, replying
    to) the target."""
    return [
        post(
            f"{tag}{i}",
            f"9{i % 10}",
            _at(s),
            kind,
            mentions=(target,) if kind == "original" else (),
            referenced=("y", target) if kind == "repost" else None,
            reply_to=("y", target) if kind == "reply" else None,
        )
        for i, s in enumerate(seconds)
    ]


def test_burst_by_hand():
    """T: 30 mentions, one every 20 s, the last 580 s after the first -> within 10 minutes:
    flagged, value 30, by the 10 sources.
    U: 29 mentions within 5 minutes -> not flagged.
    V: 29 mentions one every 20 s, then one exactly 600 s after the first: a window runs from an
    interaction to 10 minutes later exclusive, so no window holds 30 -> not flagged.
    W: 15 mentions and 15 reposts within 10 minutes: both count -> flagged.
    Y: 30 replies within 5 minutes: replies are conversation, not counted -> not flagged."""
    posts = (
        _mentions("51", [20 * i for i in range(30)], "t")
        + _mentions("52", [10 * i for i in range(29)], "u")
        + _mentions("53", [20 * i for i in range(29)] + [600], "v")
        + _mentions("55", [20 * i for i in range(15)], "wm")
        + _mentions("55", [20 * i + 5 for i in range(15)], "wr", "repost")
        + _mentions("56", [10 * i for i in range(30)], "y", "reply")
    )
    found = _signals(posts)
    assert _flagged(found, "burst") == {"51", "55"}
    row = found[("51", "burst")]
    assert (row["value"], row["threshold"]) == (30.0, 30.0)
    assert row["related_accounts"] == [f"9{i}" for i in range(10)]
    assert "30 mentions and reposts of it within 10 minutes" in row["evidence"]


def test_hosts_are_exempt_from_bursts():
    """The host H is mentioned 40 times in 2 minutes as the chat starts: no burst when H is
    one of the chat's hosts; the same week without hosts configured flags it."""
    posts = [post("host", "54", _at(-60), handle="HostHandle", text="Welcome to #TChat!")]
    posts += _mentions("54", [3 * i for i in range(40)], "h")
    assert _flagged(_signals(posts, hosts=["HostHandle"]), "burst") == set()
    assert _flagged(_signals(posts), "burst") == {"54"}


# --- near_duplicates ------------------------------------------------------------------------

SAME = [
    "Great insights tonight on #TChat, so much to learn!",
    "great insights TONIGHT on #tchat so much to learn 🙌",
    "Great insights tonight on #TChat... so much to learn https://t.co/abc123",
    "@someone Great insights tonight on #TChat so much to learn!!",
    "Great insights tonight 2 on #TChat, so much to learn!",
]
LONG = "we keep coming back to trust because every answer tonight circles around it"
SHORT = "people remember how a chat made them feel and"


def _authored(author: str, texts: list[str], tag: str, kind: str = "original") -> list[dict]:
    return [
        post(
            f"{tag}{i}",
            author,
            _at(60 * i),
            kind,
            text=text,
            referenced=("z", "99") if kind == "repost" else None,
        )
        for i, text in enumerate(texts)
    ]


def test_normalise_text():
    """Case, URLs, @mentions, digits, punctuation and emoji go; NFKC folds fullwidth letters;
    white space collapses. All five SAME texts normalise to one string."""
    texts = SAME + ["ＦＵＬＬ   width\tText!"]
    rows = pl.DataFrame({"n": range(len(texts)), "text": texts})
    normalised = dict(with_normalised_text(rows).iter_rows())
    assert {normalised[n] for n in range(5)} == {"great insights tonight on tchat so much to learn"}
    assert normalised[5] == "full width text"


def test_each_text_keeps_its_normalised_form_whether_ascii_or_not():
    """Texts that need NFKC (fullwidth letters, emoji, a non-breaking space) and ASCII ones
    that skip it, mixed: each row's normalised text is the one worked out by hand."""
    rows = pl.DataFrame(
        {
            "post_id": ["a", "b", "c", "d", "e", "f"],
            "text": [
                "A1: Great POINT, @Sam!! https://x.co/1 #TChat",
                "ＦＵＬＬ   width\tText!",
                "so 🔥 true\u00a0today",
                None,
                "  2024... ",
                "Café   crème\nwww.example.com/menu",
            ],
        }
    )
    found = dict(with_normalised_text(rows).select("post_id", "normalised").iter_rows())
    assert found == {
        "a": "a great point tchat",
        "b": "full width text",
        "c": "so true today",
        "d": None,
        "e": "",
        "f": "café crème",
    }


def test_near_duplicates_by_hand():
    """N1: the 5 SAME posts, identical once normalised -> flagged, value 5.
    N2: 4 of them -> not flagged.
    N3: "Thanks! #TChat" 6 times: 2 words once normalised, under 5 -> not flagged.
    N4: 5 posts of 14 words differing only in the last word: 12 word triples each, 11 shared
    by any two, 13 distinct between them: Jaccard 11/13 = 0.85 >= 0.8 -> flagged.
    N5: 5 posts of 10 words differing only in the last word: 7 shared of 9 distinct, Jaccard
    0.78 < 0.8 -> not flagged.
    N6: 5 reposts of one post (reposts copy the text, they are not its writing) -> not flagged."""
    endings = ["shows", "wins", "grows", "matters", "lasts"]
    posts = (
        _authored("61", SAME, "n1_")
        + _authored("62", SAME[:4], "n2_")
        + _authored("63", ["Thanks! #TChat"] * 6, "n3_")
        + _authored("64", [f"{LONG} {word}" for word in endings], "n4_")
        + _authored("65", [f"{SHORT} {word}" for word in endings], "n5_")
        + _authored("66", [SAME[0]] * 5, "n6_", "repost")
    )
    assert len(LONG.split()) == 13 and len(SHORT.split()) == 9
    found = _signals(posts)
    assert _flagged(found, "near_duplicates") == {"61", "64"}
    row = found[("61", "near_duplicates")]
    assert (row["value"], row["threshold"]) == (5.0, 5.0)
    assert row["evidence"].startswith("5 of its 5 posts this week read (nearly) the same")
    assert "great insights tonight on tchat so much to learn" in row["evidence"]
    assert row["related_accounts"] == []


# --- copied_answers -------------------------------------------------------------------------

TRUST = [
    "A1 Trust is built in small moments, every day! #TChat",
    "@host A1 trust is built in small moments every day #tchat",
    "A1 TRUST is built in small moments every day #TChat 🙌",
    "A1: Trust is built in small moments every day. #TChat https://t.co/x",
    "A1 Trust is built in small moments every day #TCHAT",
]
"""Five spellings of one answer: "a trust is built in small moments every day tchat"."""


def _answers(authors: list[str], texts: list[str], tag: str, platform: str = "x") -> list[dict]:
    return [
        post(f"{tag}{i}", author, _at(120 + 30 * i), platform=platform, text=text)
        for i, (author, text) in enumerate(zip(authors, texts, strict=True))
    ]


def test_copied_answers_by_hand():
    """The host asks Q1 and Q2.
    C1: 71-75 answer Q1 with the five TRUST spellings (71 twice, again as A2): 5 accounts ->
    all flagged; 72-75 value 5.
    C2: 81-84 post one other answer: 4 accounts -> not flagged.
    C3: 101-106 answer "A2 So true! #TChat": 4 words once normalised, under 5 -> not flagged.
    C4: 111-115 post TRUST as "A7 …": no Q7 was asked, so no answers; had they counted, C1's
    group would hold 10 accounts.
    C5: 71 and 121-125 answer A2 with one more text: 6 accounts -> 121-125 flagged, and 71,
    in C1 and C5, is flagged once, for the larger C5 (value 6).
    C6: 131-133 on x and 134-135 on mastodon post one answer: 3 and 2 per platform -> none."""
    other = "A1 Listening first is how every manager earns trust #TChat"
    more = "A2 Hiring for values beats hiring for polish in the long run #TChat"
    cross = "A2 Culture is what we do when nobody is watching #TChat"
    questions = [
        post("q1", "1", _at(0), handle="host", text="Q1 What builds trust? #TChat"),
        post("q2", "1", _at(60), handle="host", text="Q2 How do you hire? #TChat"),
    ]
    c1 = ["71", "72", "73", "74", "75"]
    c5 = ["121", "122", "123", "124", "125"]
    posts = (
        questions
        + _answers(c1, TRUST, "c1_")
        + _answers(["71"], [TRUST[0].replace("A1", "A2")], "c1b_")
        + _answers(["81", "82", "83", "84"], [other] * 4, "c2_")
        + _answers([str(a) for a in range(101, 107)], ["A2 So true! #TChat"] * 6, "c3_")
        + _answers([str(a) for a in range(111, 116)], [t.replace("A1", "A7") for t in TRUST], "c4_")
        + _answers(["71", *c5], [more] * 6, "c5_")
        + _answers(["131", "132", "133"], [cross] * 3, "c6x_")
        + _answers(["134", "135"], [cross] * 2, "c6m_", platform="mastodon")
    )
    found = _signals(posts, hosts=["host"])
    assert _flagged(found, "copied_answers") == set(c1) | set(c5)
    for account in c1[1:]:
        row = found[(account, "copied_answers")]
        assert (row["value"], row["threshold"]) == (5.0, 5.0)
        assert row["related_accounts"] == sorted(set(c1) - {account})
    assert found[("72", "copied_answers")]["evidence"] == (
        "5 accounts answered with the same text this week, once normalised: "
        '"a trust is built in small moments every day tchat"; '
        "the others: @user71, @user73, @user74, @user75"
    )
    both = found[("71", "copied_answers")]
    assert both["value"] == 6.0
    assert both["related_accounts"] == c5
    assert "hiring for values beats hiring for polish" in both["evidence"]


def test_copied_answers_name_ten_others_and_count_the_rest():
    """13 accounts post one answer: each evidence names 10 others by handle and "and 2 more";
    related_accounts holds all 12 others."""
    authors = [str(a) for a in range(201, 214)]
    text = "A1 Managers should coach more than they command #TChat"
    posts = [
        post("q1", "1", _at(0), handle="host", text="Q1 What builds trust? #TChat"),
        *_answers(authors, [text] * 13, "m_"),
    ]
    found = _signals(posts, hosts=["host"])
    row = found[("201", "copied_answers")]
    handles = ", ".join(f"@user{a}" for a in range(202, 212))
    assert row["evidence"].endswith(f"the others: {handles} and 2 more")
    assert row["related_accounts"] == authors[1:]
    assert row["value"] == 13.0


def test_the_dictionary_states_every_threshold():
    """The glossary text of gaming_signals names each threshold constant's value."""
    signal = GAMING_SIGNALS.columns["signal"]
    for phrase in (
        f"at least {gaming.FEW_SOURCES_MIN_RECEIVED} interactions",
        f"at least {round(100 * gaming.FEW_SOURCES_SHARE)}% of them",
        f"its {gaming.FEW_SOURCES_TOP} most frequent sources",
        f"a group of at least {gaming.RING_MIN_SIZE}",
        f"at least {gaming.RING_MIN_REPOSTS} times",
        f"at least {gaming.BURST_MIN} mentions and reposts",
        f"within {gaming.BURST_WINDOW_MINUTES} minutes",
        f"at least {gaming.DUPLICATE_MIN_POSTS} of its",
        f"at least {gaming.DUPLICATE_MIN_POSTS - 1} others",
        f"{gaming.SHINGLE_WORDS}-word sequences",
        f"of at least {gaming.DUPLICATE_JACCARD}",
        f"fewer than {gaming.DUPLICATE_MIN_WORDS} words",
        f"at least {gaming.DUPLICATE_MIN_WORDS} words, as answers",
        f"by at least {gaming.COPIED_MIN_ACCOUNTS - 1} other accounts",
    ):
        assert phrase in signal, phrase
    threshold = GAMING_SIGNALS.columns["threshold"]
    for value in (gaming.FEW_SOURCES_SHARE, gaming.RING_MIN_SIZE, gaming.BURST_MIN):
        assert str(value) in threshold
    assert f"{gaming.COPIED_MIN_ACCOUNTS} (copied_answers)" in threshold


# --- the simulator --------------------------------------------------------------------------

END = dt.date(2025, 11, 17)
HOSTS = ["TalentCulture", "MeghanMBiro"]


def _simulated_flags(seed: int, behaviours: frozenset[str]) -> pl.DataFrame:
    """The simulated chat's gaming_signals, with handles for account_id and related_accounts."""
    sim = simulate(weeks=12, seed=seed, end_week=END, gaming=behaviours)
    con = new_warehouse()
    records = {POST: sim.posts, ACCOUNT: sim.accounts, SNAPSHOT: sim.snapshots}
    load_records(con, records, source="demo", origin="test", run_id="sim")
    build_chat(con, tchat(hosts=HOSTS))
    return con.sql(
        """
        select signals.*, accounts.handle,
            [handles[id] for id in signals.related_accounts] as related_handles,
        from marts.gaming_signals as signals
        join core.accounts as accounts using (platform, account_id)
        cross join (select map(list(account_id), list(handle)) as handles from core.accounts)
        """
    ).pl()


@pytest.fixture(scope="module")
def gamed() -> pl.DataFrame:
    return _simulated_flags(7, GAMING_BEHAVIOURS)


def _handles(flags: pl.DataFrame, signal: str) -> set[str]:
    return set(flags.filter(pl.col("signal") == signal)["handle"])


def test_simulated_repost_ring_flags_every_member_every_week(gamed):
    """All five ring_* accounts are flagged repost_ring in each of the 12 weeks, each naming
    the four others."""
    ring = gamed.filter(pl.col("signal") == "repost_ring")
    assert set(ring["handle"]) == {
        f"ring_{n}" for n in ("alpha", "bravo", "charlie", "delta", "echo")
    }
    assert ring.height == 5 * 12
    assert set(ring["value"]) == {5.0}
    assert set(ring["related_accounts"].list.len()) == {4}


def test_simulated_mention_burst_flags_the_star_in_the_burst_week(gamed):
    """burst_star is flagged once, in the middle week (index 6 of 12), with the 60 bot mentions,
    and the accounts of the window are burst bots."""
    burst = gamed.filter(pl.col("signal") == "burst")
    assert burst["handle"].to_list() == ["burst_star"]
    assert burst["week_start"].to_list() == [END - dt.timedelta(weeks=5)]
    assert burst["value"].to_list() == [60.0]
    related = burst["related_handles"].to_list()[0]
    assert all(handle.startswith("burst_bot") for handle in related) and len(related) >= 10


def test_simulated_near_duplicates_flag_dup_poster_every_week(gamed):
    """dup_poster is flagged near_duplicates in all 12 weeks, all its posts alike (18-25)."""
    dups = gamed.filter(pl.col("signal") == "near_duplicates")
    assert set(dups["handle"]) == {"dup_poster"}
    assert dups.height == 12
    assert dups["value"].min() >= 18


def test_simulated_few_sources_flags_puppet_master_naming_its_socks(gamed):
    """puppet_master is flagged few_sources every week, 100% of what it received coming from
    puppet_sock1 and puppet_sock2."""
    few = gamed.filter(pl.col("signal") == "few_sources")
    assert set(few["handle"]) == {"puppet_master"}
    assert few.height == 12
    assert set(few["value"]) == {1.0}
    socks = {tuple(sorted(related)) for related in few["related_handles"].to_list()}
    assert socks == {("puppet_sock1", "puppet_sock2")}


def test_simulated_copied_answers_flag_the_crew_every_week(gamed):
    """The six copy_crew accounts are flagged copied_answers in each of the 12 weeks, each
    naming the five others: the crew answers two questions a week with one sentence each."""
    copied = gamed.filter(pl.col("signal") == "copied_answers")
    crew = {f"copy_crew{i:02d}" for i in range(1, 7)}
    assert set(copied["handle"]) == crew
    assert copied.height == 6 * 12
    assert set(copied["value"]) == {6.0}
    assert all(set(r) == crew - {h} for h, r in copied.select("handle", "related_handles").rows())


def test_simulated_flags_fall_on_the_playing_accounts_only(gamed):
    """With every behaviour on, no ordinary member, host, bot or sock is flagged."""
    assert set(gamed["handle"]) == {
        "burst_star",
        "dup_poster",
        "puppet_master",
        *(f"ring_{n}" for n in ("alpha", "bravo", "charlie", "delta", "echo")),
        *(f"copy_crew{i:02d}" for i in range(1, 7)),
    }


@pytest.mark.parametrize("seed", [7, 3])
def test_an_honest_community_raises_no_flag(seed):
    """12 weeks of an honest 400-member community (hosts configured): 0 flags. (Seed 3 used to
    flag the host TalentCulture's start-of-chat mentions as bursts before hosts were exempt.)"""
    flags = _simulated_flags(seed, frozenset())
    assert flags.height == 0, flags.select("week_label", "handle", "signal", "evidence")
