"""Every METRICS.md column of the marts against tests/transforms/reference.py, a reading of
METRICS.md written apart from the SQL, on simulated chats and on hand-made edge cases.

The reference reads the records back from core.posts and core.follower_snapshots, so both
sides see the same canonical inputs.
"""

import copy
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest

from config.chat import ChatSettings
from schemas.dictionary import MARTS
from schemas.records import ACCOUNT, POST, SNAPSHOT
from sources.demo import GAMING_BEHAVIOURS, simulate
from tests.builders import account, load, new_warehouse, post, rows, snapshot, tchat
from tests.transforms import reference
from transforms.build import build_chat
from warehouse.ingest import load_records

KEYS = {
    table.name.removeprefix("marts."): table.key
    for table in MARTS
    if table.name.removeprefix("marts.") in reference.TABLES
}
"""Each mart's key, as the data dictionary gives it."""
PAGERANK_TOLERANCE = 1e-9  # METRICS.md's own bound
SCORE_TOLERANCE = 1e-6  # 100 × a ratio of PageRanks: their rounding grows by 100 / max
SCORE_COLUMNS = {
    "influence_score",
    "recent_mean_score",
    "earlier_mean_score",
    "score_gain",
    "median_influence_score",
}
"""influence_score and the means of it (rising_accounts) share its tolerance."""
RELATIVE_TOLERANCE = 1e-9  # other floats: the same sums, added in another order
SHOWN = 12

POST_COLUMNS = (
    "platform, post_id, author_id, author_handle, created_at, text, kind, reply_to_post_id, "
    "reply_to_account_id, referenced_post_id, referenced_account_id, mention_ids, hashtags, "
    "urls, like_count, repost_count, reply_count, quote_count, view_count, observed_at"
)
SNAPSHOT_COLUMNS = "platform, account_id, captured_at, followers_count"


# --- comparing ------------------------------------------------------------------------------


def _same(column: str, expected, found) -> bool:
    if expected is None or found is None:
        return expected is None and found is None
    if column == "influence_pagerank":
        return abs(expected - found) <= PAGERANK_TOLERANCE
    if column in SCORE_COLUMNS:
        return abs(expected - found) <= SCORE_TOLERANCE
    if isinstance(expected, float) or isinstance(found, float):
        return math.isclose(expected, found, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    return type(expected) is type(found) and expected == found


def _rank_problems(expected: list[dict], found: dict[tuple, dict]) -> list[str]:
    """influence_rank: 1..n in each chat-week, in descending order of the reference PageRank
    (values within PAGERANK_TOLERANCE may come in any order)."""
    weeks: dict[tuple, list[tuple[int, float, tuple]]] = {}
    for row in expected:
        key = tuple(row[k] for k in KEYS["account_week"])
        if key in found:
            ranked = (found[key]["influence_rank"], row["influence_pagerank"], key)
            weeks.setdefault(key[:2], []).append(ranked)
    problems = []
    for week, ranked in weeks.items():
        ranked.sort(key=lambda r: r[0])
        if [rank for rank, _, _ in ranked] != list(range(1, len(ranked) + 1)):
            problems.append(f"{week}: influence_rank is not 1..{len(ranked)}")
        for (rank, pagerank, key), (next_rank, next_pagerank, next_key) in zip(
            ranked, ranked[1:], strict=False
        ):
            if next_pagerank > pagerank + PAGERANK_TOLERANCE:
                problems.append(
                    f"influence_rank {rank} {key} (pagerank {pagerank}) comes before "
                    f"{next_rank} {next_key} (pagerank {next_pagerank})"
                )
    return problems


def differences(table: str, expected: list[dict], found: list[dict]) -> list[str]:
    """What differs between the reference's rows and a mart's, one line each."""
    key_columns = KEYS[table]
    wanted = {tuple(row[k] for k in key_columns): row for row in expected}
    held = {tuple(row[k] for k in key_columns): row for row in found}
    problems = []
    if len(held) != len(found):
        problems.append(f"{len(found) - len(held)} duplicate keys")
    problems += [f"missing row {key}" for key in sorted(wanted.keys() - held.keys(), key=str)]
    problems += [f"extra row {key}" for key in sorted(held.keys() - wanted.keys(), key=str)]
    columns = [c for c in (expected[0] if expected else {}) if c not in key_columns]
    absent = [c for c in columns if found and c not in found[0]]
    problems += [f"column {c} missing" for c in absent]
    for key in sorted(wanted.keys() & held.keys(), key=str):
        for column in columns:
            if column in absent or column == "influence_rank":
                continue
            if not _same(column, wanted[key][column], held[key][column]):
                problems.append(
                    f"{key} {column}: reference {wanted[key][column]!r}, mart {held[key][column]!r}"
                )
    if table == "account_week" and "influence_rank" not in absent:
        problems += _rank_problems(expected, held)
    return problems


# --- building -------------------------------------------------------------------------------


@dataclass
class Built:
    """A warehouse whose chats are built, and the reference's rows of each chat."""

    con: duckdb.DuckDBPyConnection
    chats: list[ChatSettings]
    expected: dict[str, dict[str, list[dict]]]


def _reference_chat(chat: ChatSettings) -> reference.Chat:
    return reference.Chat(
        chat.slug, tuple(chat.hashtags), chat.timezone, tuple(chat.hosts), tuple(chat.sponsors)
    )


def _with_reference(con: duckdb.DuckDBPyConnection, chats: list[ChatSettings]) -> Built:
    posts = rows(con, f"select {POST_COLUMNS} from core.posts")
    snapshots = rows(con, f"select {SNAPSHOT_COLUMNS} from core.follower_snapshots")
    accounts = rows(con, "select platform, account_id, handle from core.accounts")
    expected = {
        chat.slug: reference.compute(_reference_chat(chat), posts, snapshots, accounts)
        for chat in chats
    }
    return Built(con, chats, expected)


def _simulated(chat: ChatSettings, **options) -> Built:
    sim = simulate(timezone=chat.timezone, hosts=tuple(chat.hosts), **options)
    con = new_warehouse()
    records = {POST: sim.posts, ACCOUNT: sim.accounts, SNAPSHOT: sim.snapshots}
    counts = load_records(con, records, source="demo", origin="test", run_id="sim")
    assert counts.rejected == 0
    build_chat(con, chat)
    return _with_reference(con, [chat])


HOSTS = ["TalentCulture", "MeghanMBiro"]


def demo() -> Built:
    """The demo's chat: 12 weeks of a 400-member community, across the end of US summer time."""
    chat = tchat(hosts=HOSTS, sponsors=["Monster_Works"])
    return _simulated(chat, weeks=12, seed=7, end_week=date(2025, 11, 17), community_size=400)


def gamed_in_berlin() -> Built:
    """Every gaming behaviour switched on, in Berlin, across the start of European summer
    time (2026-03-29)."""
    chat = tchat(hosts=HOSTS, sponsors=["Monster_Works"], timezone="Europe/Berlin")
    return _simulated(
        chat,
        weeks=8,
        seed=11,
        end_week=date(2026, 4, 20),
        community_size=200,
        gaming=GAMING_BEHAVIOURS,
    )


# --- the hand-made edge cases ---------------------------------------------------------------

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")

TC, MB = "100", "101"  # the hosts
ALICE = "9007199254740993"  # 2^53 + 1
BOB = "9007199254740992"  # 2^53
CAROL = "1234567890123456789"
DAVE = "42"  # no follower snapshot at all
ERIN = "43"  # snapshots only months after the chat
FRANK = "44"  # a snapshot only before the chat
GINA = "45"  # 0 followers, then growing
FAN = "46"  # a handle that starts like a host's
HANK = "9223372036854775807"  # 2^63 - 1
GHOST = "18446744073709551615"  # 2^64 - 1: mentioned, never posts
LUCY = "48"  # her only post arrives in a later load
HANDLES = {TC: "TalentCulture", MB: "MeghanMBiro", FAN: "TalentCultureFan"}


def ny(local: str) -> str:
    """An instant from New York wall-clock time."""
    return datetime.fromisoformat(local).replace(tzinfo=NY).isoformat()


def uk(local: str) -> str:
    """An instant from London wall-clock time."""
    return datetime.fromisoformat(local).replace(tzinfo=LONDON).isoformat()


def tc(post_id: str, author: str, local: str, kind: str = "original", **fields) -> dict:
    """A #TChat post (unless told other hashtags) at New York wall-clock time."""
    fields.setdefault("handle", HANDLES.get(author))
    return post(post_id, author, ny(local), kind, **fields)


def oc(post_id: str, author: str, local: str, kind: str = "original", **fields) -> dict:
    """An #OpenChat post at London wall-clock time."""
    fields.setdefault("hashtags", ("OpenChat",))
    return post(post_id, author, uk(local), kind, **fields)


WEEK_A = [  # 2026-02-23
    tc("a1", TC, "2026-02-25 20:00", text="Q1 Welcome to the warm-up", likes=3, views=250),
    tc("a2", ALICE, "2026-02-25 20:05", text="A1 hello", hashtags=("tchat",), likes=2, views=0),
    # Sunday 23:30 in New York, Monday in UTC.
    post("a3", BOB, "2026-03-02T04:30:00+00:00", hashtags=("TCHAT",), likes=1),
    tc("a4", CAROL, "2026-02-23 00:00", text="the first instant of the week"),
    tc("a5", DAVE, "2026-02-25 20:10", text="near miss", hashtags=("TChatter",)),
    tc("a6", GINA, "2026-02-25 20:15", text="full-width tag", hashtags=("ＴＣｈａｔ",), likes=4),
    tc("a7", FRANK, "2026-02-25 20:20", "reply", reply_to=("a2", ALICE), mentions=(ALICE,)),
]

Q1 = ("q1", TC)
WEEK_B_QUESTIONS = [  # 2026-03-02: summer time starts on Sunday, the week lasts 167 hours
    tc(
        "q1",
        TC,
        "2026-03-04 20:00",
        text="Q1 What makes a great manager?",
        urls=("https://www.TalentCulture.com/blog/x/?utm_source=tw&id=3#top",),
        likes=10,
        reposts=2,
        views=1234,
    ),
    tc("q2", MB, "2026-03-04 20:10", text="   q2: second question", handle="MEGHANMBIRO", likes=5),
    tc("q10", TC, "2026-03-04 20:20", text="Q10 tenth", handle="talentculture"),
    tc("nq1", TC, "2026-03-04 20:21", text="Q1a is not a question"),
    tc("nq2", TC, "2026-03-04 20:22", text="Q1_ is not a question"),
    tc("nq3", TC, "2026-03-04 20:23", text="Q100 is not a question"),
    tc("nq4", TC, "2026-03-04 20:24", text="Q 4 is not a question"),
    tc("nq5", TC, "2026-03-04 20:25", text="Q12é is not a question"),
    tc("nq6", FAN, "2026-03-04 20:26", text="Q5 by a non-host is not a question"),
    tc("q3-late", MB, "2026-03-04 20:40", text="Q3 asked again"),
    tc("q3", TC, "2026-03-04 20:30", text="Q3 asked first"),
    # Asked at the same instant: the smaller post_id as text is the question.
    tc("900", TC, "2026-03-04 20:45", text="Q4 post 900"),
    tc("1000", MB, "2026-03-04 20:45", text="Q4 post 1000"),
    tc(
        "nq7",
        TC,
        "2026-03-04 20:46",
        "repost",
        text="Q6 reposted",
        referenced=("a4", CAROL),
        views=5000,  # a repost's views are not counted
    ),
    tc("nq8", TC, "2026-03-04 20:47", text="Q7 without the hashtag", hashtags=("Other",)),
    tc(
        "q9",
        TC,
        "2026-03-04 20:48",
        text="Q9 under a full-width handle",
        handle="ＴａｌｅｎｔＣｕｌｔｕｒｅ",
    ),
    tc("q11", MB, "2026-03-04 20:49", text="\n\tQ11 after white space"),
    tc("q5", MB, "2026-03-04 20:50", text="Q05 with a leading zero"),
    tc("q6", TC, "2026-03-04 20:51", text="Ｑ６ full-width Q and digit"),
    # The handle a post was made under decides, not the account's id.
    tc(
        "q7",
        "200",
        "2026-03-04 20:52",
        text="Q7 by another account under a host's handle",
        handle="TalentCulture",
    ),
    tc(
        "nq9",
        TC,
        "2026-03-04 20:53",
        text="Q8 by a host's account under another handle",
        handle="renamed_tc",
    ),
]

WEEK_B_ANSWERS = [
    tc("an1", CAROL, "2026-03-02 09:00", text="A1 before the question was asked"),
    tc(
        "an2",
        ALICE,
        "2026-03-04 20:02",
        "reply",
        text="A1 clarity",
        reply_to=Q1,
        mentions=(TC,),
        likes=3,
        replies=1,
    ),
    tc(
        "an3",
        BOB,
        "2026-03-04 20:03",
        text="@TalentCulture @MeghanMBiro A1 trust",
        mentions=(TC, MB),
        likes=1,
        reposts=1,
    ),
    tc("an4", CAROL, "2026-03-04 20:30", text="@x A10: tenth", quotes=2),
    tc("an5", DAVE, "2026-03-04 20:12", "reply", text="no prefix", reply_to=("q2", MB), likes=7),
    tc("an6", ERIN, "2026-03-04 20:13", "reply", text="A2 replies to Q1", reply_to=Q1, likes=1),
    tc("an7", FRANK, "2026-03-04 20:31", text="a3 lower case", likes=1),
    tc("an8", MB, "2026-03-04 20:04", text="A1 by a host", likes=50),
    tc("an9", GINA, "2026-03-04 20:05", "repost", text="A1 a repost", referenced=Q1),
    tc(
        "an10",
        GINA,
        "2026-03-04 20:21",
        "reply",
        text="A1a replies to Q10",
        reply_to=("q10", TC),
        likes=2,
    ),
    tc(
        "an11",
        GINA,
        "2026-03-04 20:22",
        "reply",
        text="A13 names no question",
        reply_to=Q1,
        likes=100,
    ),
    tc("an12", GINA, "2026-03-04 20:23", text="A 1 spaced", likes=100),
    tc("an13", GINA, "2026-03-04 20:24", text="@x text A1 not leading", likes=100),
    tc(
        "an14",
        FAN,
        "2026-03-04 20:41",
        "reply",
        text="to the later Q3",
        reply_to=("q3-late", MB),
        likes=1000,
    ),
    tc(
        "an15",
        CAROL,
        "2026-03-04 20:42",
        "reply",
        text="to the first Q3",
        reply_to=("q3", TC),
        likes=20,
    ),
    tc("an16", ALICE, "2026-03-04 20:46", text="A4 four", likes=1),
    tc("an17", HANK, "2026-03-04 20:47", text="@alice @bob A4\tagain", mentions=(ALICE, BOB)),
    tc("an18", HANK, "2026-03-04 20:51", text="A5 five", likes=1),
    tc("an19", ALICE, "2026-03-04 20:53", text="A11 eleven", likes=1),
    tc("an20", BOB, "2026-03-04 20:54", "reply", text="@TalentCulture A11", reply_to=("q11", MB)),
    tc("an21", BOB, "2026-03-04 20:55", text="A1 without the hashtag", hashtags=(), likes=1000),
    tc("an22", ALICE, "2026-03-04 20:56", text="Ａ１ full-width", likes=1),
    tc("an23", ERIN, "2026-03-04 20:57", text="A6 answers the full-width Q6", likes=1),
    tc("an24", DAVE, "2026-03-04 20:58", text=".@bob A1 after a dot-mention", likes=8),
    tc("an25", FRANK, "2026-03-04 20:59", text="A7", likes=16),
    tc("an26", FRANK, "2026-03-04 21:00", text="A8", likes=32),
    tc("an27", FAN, "2026-03-04 21:01", text="@ A1 after a lone @", likes=64),
    # Mastodon: account ids and post ids belong to their platform.
    tc(
        "m1",
        TC,
        "2026-03-04 20:56",
        text="A1 from Mastodon",
        platform="mastodon",
        handle="zed@example.social",
        mentions=(MB,),
        likes=4,
    ),
    tc(
        "m2",
        TC,
        "2026-03-04 20:57",
        "reply",
        text="hey",
        platform="mastodon",
        handle="zed@example.social",
        reply_to=("m0", MB),
    ),
    tc(
        "m3",
        "7",
        "2026-03-04 20:58",
        "reply",
        text="same id as the X question",
        platform="mastodon",
        reply_to=Q1,
        likes=9,
    ),
]

B1 = ("b1", ALICE)
WEEK_B_INTERACTIONS = [
    tc(
        "b1",
        ALICE,
        "2026-03-05 19:00",
        text="@alice @bob @bob",
        mentions=(ALICE, BOB, BOB),
        likes=6,
        urls=(
            "HTTPS://WWW.Example.COM/Path/",
            "https://example.com/Path#frag",
            "https://example.com/Path?UTM_Medium=x",
        ),
    ),
    tc("b2", ALICE, "2026-03-05 19:01", "reply", text="self reply", reply_to=B1, mentions=(ALICE,)),
    tc("b3", ALICE, "2026-03-05 19:02", "repost", text="self repost", referenced=B1),
    tc(
        "b4",
        ALICE,
        "2026-03-05 19:03",
        "quote",
        text="self quote",
        referenced=B1,
        mentions=(ALICE,),
    ),
    # A reply that also quotes: a reply, and the quoted account stays a mention.
    tc(
        "b5",
        BOB,
        "2026-03-05 19:04",
        "reply",
        text="reply and quote",
        reply_to=B1,
        referenced=("a4", CAROL),
        mentions=(ALICE, CAROL, DAVE),
        likes=2,
    ),
    tc(
        "b6",
        DAVE,
        "2026-03-05 19:05",
        "reply",
        text="@alice agreed",
        reply_to=B1,
        mentions=(ALICE, ALICE),
    ),
    tc(
        "b7",
        ERIN,
        "2026-03-05 19:06",
        text="@bob @bob @carol",
        mentions=(BOB, BOB, CAROL),
        urls=(
            "https://example.com/Path?a=1&utm_x=2&b=3",
            "https://example.com/Path?b=3&a=1",
            "https://example.com/",
            "https://example.com/a//",
            "https://example.com/c?a&utm_b&UTM_=1&c=",
        ),
    ),
    tc(
        "b8",
        FRANK,
        "2026-03-05 19:07",
        "repost",
        text="@alice @bob @bob",
        referenced=B1,
        mentions=(ALICE, BOB),
        urls=("HTTPS://WWW.Example.COM/Path/",),
    ),
    tc(
        "b9",
        FRANK,
        "2026-03-05 19:08",
        "quote",
        text="quoting bob",
        referenced=("a3", BOB),
        mentions=(BOB, CAROL, GHOST),
        likes=3,
        urls=(
            "HTTPS://Example.com:8080/X/",
            "https://User:Pw@WWW.Example.COM:443/y?utm_source=a#f",
            "http://www2.example.com/x",
            "https://wwwexample.com",
            "https://example.com/q?utm=1&UTM_source=z",
            "https://[2001:DB8::1]:8080/v6/",
        ),
    ),
    *[
        tc(f"b1{n}", ALICE, f"2026-03-05 19:1{n}", "reply", text="again", reply_to=("a3", BOB))
        for n in range(3)
    ],
    tc("b13", ALICE, "2026-03-05 19:13", text="@bob", mentions=(BOB,)),
    # The first of a host's reposts and quote of alice counts, with a snapshot in between.
    tc("b14", MB, "2026-03-05 19:20", "repost", text="rp1", referenced=B1),
    tc("b15", MB, "2026-03-06 19:20", "repost", text="rp2", referenced=B1),
    tc("b16", MB, "2026-03-06 19:21", "quote", text="quoting alice", referenced=B1),
    tc(
        "nc",
        CAROL,
        "2026-03-01 10:00",
        text="not a chat post",
        hashtags=("Else",),
        urls=("https://only-reposted.example/a",),
    ),
    tc(
        "b17",
        GINA,
        "2026-03-05 19:30",
        "repost",
        text="not a chat post",
        referenced=("nc", CAROL),
        urls=("https://only-reposted.example/a",),
    ),
    tc(
        "b18",
        HANK,
        "2026-03-05 19:40",
        "reply",
        text="hi bob",
        reply_to=("a3", BOB),
        mentions=(BOB, GHOST),
    ),
    # The last second and microsecond of the week: Sunday 23:59 in summer time.
    post("b19", CAROL, "2026-03-09T03:59:59+00:00", text="last second"),
    post("b20", DAVE, "2026-03-09T03:59:59.999999+00:00", text="last microsecond", likes=1),
]

LATER_WEEKS = [
    # 2026-03-09, in summer time: 00:30 on Monday.
    post("c1", ERIN, "2026-03-09T04:30:00+00:00", text="first of the week", likes=1),
    tc("c2", TC, "2026-03-11 20:00", text="Q1 a new week"),
    tc("c3", BOB, "2026-03-11 20:01", text="A1 new week", likes=2),
    tc("c4", GINA, "2026-03-11 20:02", "repost", text="last week's link", referenced=B1),
    tc("c5", DAVE, "2026-03-11 20:03", "reply", text="to last week's Q1", reply_to=Q1, likes=5),
    tc(
        "c6",
        MB,
        "2026-03-11 20:04",
        "quote",
        text="Mastodon 101",
        platform="mastodon",
        referenced=("m1", TC),
        likes=1,
    ),
    # 2026-03-16: a holiday, no chat post.
    tc("d1", ALICE, "2026-03-18 20:00", text="no chat this week", hashtags=("TChatter",)),
    # 2026-03-23, and the #OpenChat chat too.
    tc("e1", CAROL, "2026-03-25 20:00", text="back", likes=1),
    tc("e2", ALICE, "2026-03-25 20:01", text="back too", hashtags=("TChat", "openchat")),
    tc("e3", TC, "2026-03-25 20:02", text="Q2 week E"),
    tc("e4", FRANK, "2026-03-25 20:03", text="A2 week E"),
]

REDELIVERED = [  # first versions, in the first load
    tc(
        "r1",
        DAVE,
        "2026-03-25 20:10",
        text="redelivered",
        likes=5,
        observed="2026-03-26T10:00:00+00:00",
    ),
    tc(
        "r2",
        GINA,
        "2026-03-25 20:11",
        text="will lose its tag",
        likes=500,
        observed="2026-03-26T10:00:00+00:00",
    ),
    tc(
        "r3",
        ERIN,
        "2026-03-25 20:12",
        text="will move a week",
        likes=1,
        observed="2026-03-26T10:00:00+00:00",
    ),
]


def _again(record: dict, observed: str, **changes) -> dict:
    return record | {"observed_at": datetime.fromisoformat(observed).astimezone(UTC)} | changes


SECOND_LOAD = [
    _again(REDELIVERED[0], "2026-03-26T12:00:00+00:00", like_count=9),
    _again(REDELIVERED[1], "2026-03-27T00:00:00+00:00", hashtags=["Other"]),
    _again(
        REDELIVERED[2],
        "2026-03-28T00:00:00+00:00",
        created_at=datetime(2026, 3, 10, 16, tzinfo=UTC),
    ),
    tc("late", LUCY, "2026-03-04 21:00", text="arrives late", mentions=(ALICE,), likes=1),
]
THIRD_LOAD = [  # an earlier observation changes nothing; an equal one with other content is
    # a conflict, settled by the SHA-256 of the canonical JSON (one of the two to quarantine)
    _again(REDELIVERED[0], "2026-03-26T11:00:00+00:00", like_count=100),
    _again(REDELIVERED[0], "2026-03-26T12:00:00+00:00", like_count=55),
]

OPEN_CHAT = [  # no hosts, London: summer time starts on Sunday 2026-03-29
    oc("o1", ALICE, "2026-03-25 20:00", text="Q1 open question"),
    oc("o2", ALICE, "2026-03-25 20:01", text="A1 answering herself", likes=10),
    oc("o3", BOB, "2026-03-25 20:02", text="A1 bob", likes=1, hashtags=("OPENCHAT",)),
    oc("o4", BOB, "2026-03-25 20:03", text="Q1 asked again by bob"),
    oc("o5", CAROL, "2026-03-25 20:04", "reply", text="no prefix", reply_to=("o1", ALICE), likes=2),
    oc("o6", CAROL, "2026-03-25 20:05", text="Q2 carol asks"),
    oc("o7", CAROL, "2026-03-25 20:06", text="A2 carol herself", likes=3),
    oc("o8", ALICE, "2026-03-25 20:07", text="A2 alice", likes=4),
    oc("o9", BOB, "2026-03-29 23:30", "reply", text="Sunday night", reply_to=("o1", ALICE)),
    post("o10", CAROL, "2026-03-29T23:00:00+00:00", text="Monday 00:00", hashtags=("OpenChat",)),
]

# Lift: 16 weeks; X has growth only in weeks 0-2 and 13-15, so the 12-week window is counted
# in calendar weeks, not in rows.
LIFT_START = datetime(2025, 1, 8, 17, tzinfo=UTC)


def _lift_week(week: int, hours: int = 0) -> str:
    return (LIFT_START + timedelta(weeks=week, hours=hours)).isoformat()


LIFT_CHAT = [
    *[post(f"l{w}", "filler", _lift_week(w), hashtags=("LiftChat",)) for w in range(16)],
    *[post(f"lx{w}", "X", _lift_week(w, 1), hashtags=("LiftChat",)) for w in (1, 14)],
    *[post(f"ly{w}", "Y", _lift_week(w, 1), hashtags=("LiftChat",)) for w in (2, 9)],
    post("lz12", "Z", _lift_week(12, 1), hashtags=("LiftChat",)),
]
LIFT_SNAPSHOTS = [
    *[snapshot("X", _lift_week(w), n) for w, n in [(0, 100), (1, 110), (2, 111), (13, 200)]],
    *[snapshot("X", _lift_week(w), n) for w, n in [(14, 230), (15, 231)]],
    *[snapshot("Y", _lift_week(w), 50 + w * w) for w in range(16)],
    *[snapshot("Z", _lift_week(w), 0 if w == 5 else 10 + w) for w in range(16)],
]

SNAPSHOTS = [
    snapshot(ALICE, "2026-02-23T05:00:00+00:00", 1000),  # the first instant of week A
    snapshot(ALICE, ny("2026-02-26 12:00"), 1010),
    snapshot(ALICE, ny("2026-03-05 19:00"), 1050),  # the instant of b1
    snapshot(ALICE, "2026-03-09T04:00:00+00:00", 1100),  # week B's week_end
    snapshot(ALICE, ny("2026-03-12 12:00"), 1200),
    snapshot(ALICE, ny("2026-03-19 12:00"), 1250),
    snapshot(ALICE, ny("2026-03-26 12:00"), 1300),
    snapshot(ALICE, "2026-03-29T23:00:00+00:00", 1350),  # the open chat's week_end
    snapshot(BOB, ny("2026-02-24 12:00"), 500),
    snapshot(BOB, ny("2026-03-10 12:00"), 520),
    snapshot(BOB, "2026-03-29T22:59:59+00:00", 530),
    snapshot(CAROL, ny("2026-03-03 12:00"), 300),
    snapshot(CAROL, ny("2026-03-17 12:00"), 330),  # in the holiday week
    snapshot(CAROL, ny("2026-03-24 12:00"), 363),
    snapshot(ERIN, ny("2026-06-01 12:00"), 77),
    snapshot(FRANK, ny("2026-01-01 12:00"), 88),
    *[snapshot(GINA, ny(f"2026-{day} 12:00"), n) for day, n in [("02-24", 0), ("03-03", 10)]],
    *[snapshot(GINA, ny(f"2026-03-{day} 12:00"), n) for day, n in [(10, 20), (17, 25), (24, 30)]],
    # Weekly, from 17 and 18 February (one instant holds one count: two would conflict).
    *[
        snapshot(TC, ny(f"{date(2026, 2, 17) + timedelta(weeks=w)} 12:00"), 5000 + 100 * w)
        for w in range(6)
    ],
    *[
        snapshot(MB, ny(f"{date(2026, 2, 18) + timedelta(weeks=w)} 12:00"), 3000 - 50 * w)
        for w in range(6)
    ],
    snapshot(MB, ny("2026-03-06 12:00"), 9999),  # between its reposts of alice
    snapshot(HANK, ny("2026-03-01 00:00"), 12345),
    snapshot(LUCY, ny("2026-03-01 00:00"), 1),
    snapshot(TC, ny("2026-03-01 00:00"), 700, platform="mastodon"),
    *LIFT_SNAPSHOTS,
]
LATER_SNAPSHOTS = [snapshot(BOB, ny("2026-03-04 12:00"), 510)]

ACCOUNTS = [
    account(TC, "TalentCulture", observed="2026-03-01T00:00:00+00:00"),
    account(MB, "MeghanMBiro", observed="2026-03-01T00:00:00+00:00"),
    account("200", "someone_else", observed="2026-03-20T00:00:00+00:00"),
]


def edge_cases() -> Built:
    """Hand-made records at the edges of METRICS.md, in four loads, each followed by an
    incremental build of every chat."""
    chats = [
        tchat(hosts=HOSTS, sponsors=["MeghanMBiro", "@nobody_here"]),
        ChatSettings(slug="open", hashtags=["openchat", "OPENCHAT"], timezone="Europe/London"),
        ChatSettings(slug="lift", hashtags=["LiftChat"], timezone="UTC"),
    ]
    first = [
        *WEEK_A,
        *WEEK_B_QUESTIONS,
        *WEEK_B_ANSWERS,
        *WEEK_B_INTERACTIONS,
        *LATER_WEEKS,
        *REDELIVERED,
        *OPEN_CHAT,
        *LIFT_CHAT,
    ]
    con = new_warehouse()
    loads = [
        (first, SNAPSHOTS, ACCOUNTS, 0),
        (SECOND_LOAD, LATER_SNAPSHOTS, [], 0),
        (THIRD_LOAD[:1], [], [], 0),
        (THIRD_LOAD[1:], [], [], 1),
    ]
    for posts, snapshots, accounts, conflicts in loads:
        counts = load(con, posts=posts, snapshots=snapshots, accounts=accounts)
        assert counts.rejected == conflicts
        for chat in chats:
            build_chat(con, chat)
    return _with_reference(con, chats)


DATASETS = {"demo": demo, "gamed_in_berlin": gamed_in_berlin, "edge_cases": edge_cases}


@pytest.fixture(scope="module", params=list(DATASETS))
def built(request) -> Built:
    return DATASETS[request.param]()


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", reference.TABLES)
def test_mart_equals_the_reference(built, table):
    """Same rows, and the same value in every METRICS.md column, for every chat."""
    assert any(built.expected[chat.slug][table] for chat in built.chats), "nothing compared"
    for chat in built.chats:
        found = rows(built.con, f"select * from marts.{table} where chat = ?", [chat.slug])
        problems = differences(table, built.expected[chat.slug][table], found)
        shown = "\n".join(problems[:SHOWN])
        assert not problems, f"{chat.slug}: {len(problems)} differences, first:\n{shown}"


def test_the_comparison_notices_a_changed_value():
    """differences() finds nothing in an unchanged copy of the reference's rows, and finds a
    changed count, a PageRank off by 2e-9, a missing and an extra row, and swapped ranks."""
    chat = reference.Chat("tchat", ("TChat",), "America/New_York", tuple(HOSTS))
    posts = [*WEEK_A, *WEEK_B_QUESTIONS, *WEEK_B_ANSWERS, *WEEK_B_INTERACTIONS, *LATER_WEEKS]
    expected = reference.compute(chat, posts, SNAPSHOTS)
    for table in reference.TABLES:
        assert differences(table, expected[table], copy.deepcopy(expected[table])) == []

    def changed(table: str, change) -> list[str]:
        found = copy.deepcopy(expected[table])
        change(found)
        return differences(table, expected[table], found)

    def one_difference(table: str, change) -> bool:
        return len(changed(table, change)) == 1

    assert one_difference("account_week", lambda found: found[0].update(posts=99))
    pagerank = expected["account_week"][0]["influence_pagerank"]
    assert one_difference(
        "account_week", lambda found: found[0].update(influence_pagerank=pagerank + 2e-9)
    )
    assert one_difference("chat_week", lambda found: found[1].update(retention_rate=None))
    assert one_difference("question_week", lambda found: found.pop())
    assert one_difference("link_week", lambda found: found.append(found[0] | {"url": "x.org"}))
    assert one_difference("chat_lift", lambda found: found[-1].update(window_weeks=11))

    week_b = [row for row in expected["account_week"] if row["week_start"] == date(2026, 3, 2)]
    top = min(week_b, key=lambda row: row["influence_rank"])
    bottom = max(week_b, key=lambda row: row["influence_rank"])
    assert top["influence_pagerank"] > bottom["influence_pagerank"] + 1e-6
    swapped = {id(top): bottom["influence_rank"], id(bottom): top["influence_rank"]}

    def swap_ranks(found: list[dict]) -> None:
        for original, row in zip(expected["account_week"], found, strict=True):
            row["influence_rank"] = swapped.get(id(original), row["influence_rank"])

    assert changed("account_week", swap_ranks)
