"""A small warehouse whose mart values are known by hand, and helpers to render it.

The chat (#TChat, America/New_York, host HostOne, sponsor Sponsor_Co) has four weeks:

- 2025-W42: HostOne asks Q1, alice answers.
- 2025-W43: no chat post at all (a gap).
- 2025-W44: HostOne asks; alice answers naming @Sponsor_Co; bob answers.
- 2025-W45 (the report week): HostOne asks, thanking @Sponsor_Co (20 likes, 3 reposts, 2
  replies, 1 quote, a link); alice replies (5 likes); bob reposts it; carol quotes it mentioning
  alice (7 likes); `<i>dave</i>` (no account record) answers mentioning carol with hostile text
  and links (2 likes); alice also posts outside the chat.

Followers (one snapshot each, 1 Oct 2025): HostOne 12,400; alice 800; bob 1,500; carol 300;
Sponsor_Co 50,000; dave none; and HostOne 12,450 on Thursday 6 Nov, after the chat hour. So, for
2025-W45 by hand: participants 5 (new: carol, dave), posts 4, impressions 12,400 + 800 + 1,500 +
300 + 0 = 15,000, reach 12,450 + 800 + 1,500 + 300 + 0 = 15,050, engagements 23 (HostOne: 1
reply + 1 repost + 1 quote + 20 likes) + 5 + 0 + 7 + 2 = 37, 1 account without follower data.
For 2025-W44: participants 3, posts 3, impressions 14,700, reach 14,700, engagements 16.
HostOne in 2025-W45: followers_end 12,450, reach 12,450 + 1,500 (bob's repost) + 300 (carol's
quote) = 14,250. Sponsor_Co is named by one post of another account (HostOne's: 12,400
impressions, 12,450 reach, 26 engagement).
"""

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from config.chat import ChatSettings
from reports.render import write_week_reports
from schemas.records import ACCOUNT, POST, SNAPSHOT
from warehouse.ingest import load_records
from warehouse.migrate import migrate
from warehouse.publish import reading

WEEK = date(2025, 11, 3)
PREVIOUS_WEEK = date(2025, 10, 27)
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_TEXT = 'A1 me too @carol "><script>alert(2)</script> #TChat'
HOSTILE_URL = "javascript:alert(1)"
SAFE_URL = "https://ok.example/x?a=1&b=2"

CHAT = ChatSettings(
    slug="tchat",
    hashtags=["TChat"],
    timezone="America/New_York",
    hosts=["HostOne"],
    sponsors=["Sponsor_Co"],
)

HANDLES = {
    "1": "HostOne",
    "2": "alice",
    "3": "bob",
    "4": "carol",
    "5": "Sponsor_Co",
    "6": "<i>dave</i>",
}


def _post(
    post_id,
    author,
    created_at,
    text,
    kind="original",
    reply_to=None,
    referenced=None,
    mentions=(),
    hashtags=("TChat",),
    urls=(),
    likes=0,
    reposts=0,
    replies=0,
    quotes=0,
    views=None,
):
    return {
        "platform": "x",
        "post_id": post_id,
        "author_id": author,
        "author_handle": HANDLES[author],
        "created_at": created_at,
        "text": text,
        "kind": kind,
        "reply_to_post_id": reply_to[0] if reply_to else None,
        "reply_to_account_id": reply_to[1] if reply_to else None,
        "referenced_post_id": referenced[0] if referenced else None,
        "referenced_account_id": referenced[1] if referenced else None,
        "mention_ids": list(mentions),
        "hashtags": list(hashtags),
        "urls": list(urls),
        "like_count": likes,
        "repost_count": reposts,
        "reply_count": replies,
        "quote_count": quotes,
        "view_count": views,
        "observed_at": "2025-11-20T00:00:00Z",
    }


def posts_frame() -> pl.DataFrame:
    """The chat's posts (see the module docstring)."""
    rows = [
        _post("1001", "1", "2025-10-15T19:00:00-04:00", "Q1 Welcome to #TChat"),
        _post(
            "1002",
            "2",
            "2025-10-15T19:05:00-04:00",
            "A1 hello #TChat",
            kind="reply",
            reply_to=("1001", "1"),
        ),
        _post("1003", "1", "2025-10-29T19:00:00-04:00", "Q1 What is new? #TChat", likes=10),
        _post(
            "1004",
            "2",
            "2025-10-29T19:05:00-04:00",
            "A1 yes @Sponsor_Co #TChat",
            kind="reply",
            reply_to=("1003", "1"),
            mentions=["5"],
            likes=4,
        ),
        _post("1005", "3", "2025-10-29T19:10:00-04:00", "A1 from bob #TChat", likes=1),
        _post(
            "1006",
            "1",
            "2025-11-05T19:00:00-05:00",
            "Q1 Topic of the week #TChat thanks @Sponsor_Co",
            mentions=["5"],
            urls=["https://example.com/a?utm_source=x"],
            likes=20,
            reposts=3,
            replies=2,
            quotes=1,
            views=9000,
        ),
        _post(
            "1007",
            "2",
            "2025-11-05T19:05:00-05:00",
            "A1 great question #TChat",
            kind="reply",
            reply_to=("1006", "1"),
            likes=5,
            views=400,
        ),
        _post(
            "1008",
            "3",
            "2025-11-05T19:06:00-05:00",
            "Q1 Topic of the week #TChat thanks @Sponsor_Co",
            kind="repost",
            referenced=("1006", "1"),
            mentions=["5"],
        ),
        _post(
            "1009",
            "4",
            "2025-11-05T19:10:00-05:00",
            "A1 so true, carol here @alice #TChat",
            kind="quote",
            referenced=("1006", "1"),
            mentions=["2"],
            urls=["https://carol.example/blog"],
            likes=7,
        ),
        _post(
            "1010",
            "6",
            "2025-11-05T19:20:00-05:00",
            HOSTILE_TEXT,
            mentions=["4"],
            urls=[HOSTILE_URL, SAFE_URL],
            likes=2,
        ),
        _post(
            "1011",
            "2",
            "2025-11-05T21:00:00-05:00",
            "lunch time #other",
            hashtags=("other",),
            likes=50,
        ),
    ]
    return pl.DataFrame(rows)


def accounts_frame() -> pl.DataFrame:
    rows = [
        ("1", "HostOne", "Host One"),
        ("2", "alice", "Alice A."),
        ("3", "bob", HOSTILE_NAME),
        ("4", "carol", "Carol C"),
        ("5", "Sponsor_Co", "Sponsor Co"),
    ]
    return pl.DataFrame(
        {
            "platform": ["x"] * len(rows),
            "account_id": [r[0] for r in rows],
            "handle": [r[1] for r in rows],
            "display_name": [r[2] for r in rows],
            "observed_at": ["2025-11-20T00:00:00Z"] * len(rows),
        }
    )


FOLLOWERS = {"1": 12_400, "2": 800, "3": 1_500, "4": 300, "5": 50_000}


def snapshots_frame() -> pl.DataFrame:
    """One snapshot per account on 1 Oct, and HostOne's 12,450 on Thursday of 2025-W45."""
    return pl.DataFrame(
        {
            "platform": ["x"] * (len(FOLLOWERS) + 1),
            "account_id": [*FOLLOWERS, "1"],
            "captured_at": ["2025-10-01T12:00:00Z"] * len(FOLLOWERS) + ["2025-11-06T12:00:00Z"],
            "followers_count": [*FOLLOWERS.values(), 12_450],
        }
    )


BASE_COLUMNS = {
    "marts.account_week": (
        "chat",
        "week_start",
        "week_label",
        "platform",
        "account_id",
        "participated",
        "posts",
        "reposts",
        "replies_received",
        "reposts_received",
        "quotes_received",
        "mentions_received",
        "likes_received",
        "engagements_received",
        "followers_end",
        "follower_change",
        "impressions",
        "amplified_audience",
        "followers_at_week_end",
        "reach",
        "has_follower_data",
        "replies_given",
        "reposts_given",
        "quotes_given",
        "mentions_given",
    ),
    "marts.chat_week": (
        "chat",
        "week_start",
        "week_end",
        "week_label",
        "participants",
        "contributors",
        "new_participants",
        "returning_participants",
        "retention_rate",
        "posts",
        "reposts",
        "replies",
        "quotes",
        "impressions",
        "reach",
        "engagements",
        "accounts_without_follower_data",
        "trailing_median_posts",
        "trailing_weeks",
        "is_low_data",
        "views",
        "posts_with_views",
        "platforms_without_views",
    ),
}
"""The marts as they are today (migration 0001); later tables and columns are left out."""

ACCOUNT_WEEK_ROWS = [
    # week_start, account, participated, posts, reposts, replies_received, reposts_received,
    # quotes_received, mentions_received, likes_received, engagements_received, followers_end,
    # follower_change, impressions, amplified_audience, followers_at_week_end, reach,
    # has_follower_data
    ("2025-10-13", "1", True, 1, 0, 1, 0, 0, 0, 0, 1, None, None, 12400, 0, 12400, 12400, True),
    ("2025-10-13", "2", True, 1, 0, 0, 0, 0, 0, 0, 0, None, None, 800, 0, 800, 800, True),
    ("2025-10-27", "1", True, 1, 0, 1, 0, 0, 0, 10, 11, None, None, 12400, 0, 12400, 12400, True),
    ("2025-10-27", "2", True, 1, 0, 0, 0, 0, 0, 4, 4, None, None, 800, 0, 800, 800, True),
    ("2025-10-27", "3", True, 1, 0, 0, 0, 0, 0, 1, 1, None, None, 1500, 0, 1500, 1500, True),
    ("2025-10-27", "5", False, 0, 0, 0, 0, 0, 1, 0, 0, None, None, 0, 0, 50000, 50000, True),
    (
        "2025-11-03",
        "1",
        True,
        1,
        0,
        1,
        1,
        1,
        0,
        20,
        23,
        12450,
        None,
        12400,
        1800,
        12450,
        14250,
        True,
    ),
    ("2025-11-03", "2", True, 1, 0, 0, 0, 0, 1, 5, 5, None, None, 800, 0, 800, 800, True),
    ("2025-11-03", "3", True, 0, 1, 0, 0, 0, 0, 0, 0, None, None, 1500, 0, 1500, 1500, True),
    ("2025-11-03", "4", True, 1, 0, 0, 0, 0, 1, 7, 7, None, None, 300, 0, 300, 300, True),
    ("2025-11-03", "5", False, 0, 0, 0, 0, 0, 1, 0, 0, None, None, 0, 0, 50000, 50000, True),
    ("2025-11-03", "6", True, 1, 0, 0, 0, 0, 0, 2, 2, None, None, 0, 0, 0, 0, False),
]
"""account_week by hand, as METRICS.md defines it for the posts above."""

GIVEN = {
    ("2025-10-13", "2"): (1, 0, 0, 0),  # alice answers HostOne's Q1 by a reply
    ("2025-10-27", "2"): (1, 0, 0, 1),  # alice replies, naming @Sponsor_Co
    ("2025-11-03", "1"): (0, 0, 0, 1),  # HostOne thanks @Sponsor_Co
    ("2025-11-03", "2"): (1, 0, 0, 0),  # alice replies to HostOne
    ("2025-11-03", "3"): (0, 1, 0, 0),  # bob reposts HostOne
    ("2025-11-03", "4"): (0, 0, 1, 1),  # carol quotes HostOne, mentioning alice
    ("2025-11-03", "6"): (0, 0, 0, 1),  # dave mentions carol
}
"""replies_given, reposts_given, quotes_given, mentions_given of the account_week rows that
gave anything (the others gave nothing)."""

CHAT_WEEK_ROWS = [
    # week_start, week_end (UTC), label, participants, contributors, new, returning,
    # retention_rate, posts, reposts, replies, quotes, impressions, reach, engagements,
    # accounts_without_follower_data
    (
        "2025-10-13",
        "2025-10-20 04:00:00+00",
        "2025-W42",
        2,
        2,
        2,
        0,
        None,
        2,
        0,
        1,
        0,
        13200,
        13200,
        1,
        0,
    ),
    ("2025-10-20", "2025-10-27 04:00:00+00", "2025-W43", 0, 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0),
    (
        "2025-10-27",
        "2025-11-03 05:00:00+00",
        "2025-W44",
        3,
        3,
        1,
        2,
        None,
        3,
        0,
        1,
        0,
        14700,
        14700,
        16,
        0,
    ),
    (
        "2025-11-03",
        "2025-11-10 05:00:00+00",
        "2025-W45",
        5,
        4,
        2,
        3,
        1.0,
        4,
        1,
        1,
        1,
        15000,
        15050,
        37,
        1,
    ),
]
"""chat_week by hand (2025-W43 is the gap week, with zero counts)."""


VOLUME = {
    "2025-10-13": (None, 0, False),  # the first week
    "2025-10-20": (2.0, 1, True),  # 0 posts < a quarter of [2]
    "2025-10-27": (1.0, 2, False),  # median of [2, 0]; 3 posts
    "2025-11-03": (2.0, 3, False),  # median of [2, 0, 3]; 4 posts
}
"""trailing_median_posts, trailing_weeks, is_low_data of each chat week, by hand."""

VIEWS = {
    "2025-10-13": (None, 0, ["x"]),  # X posts recorded without views
    "2025-10-20": (None, 0, []),  # no post at all
    "2025-10-27": (None, 0, ["x"]),
    "2025-11-03": (9400, 2, []),  # HostOne's Q1 9,000 and alice's reply 400, of 4 posts
}
"""views, posts_with_views, platforms_without_views of each chat week, by hand."""


COHORT_ROWS = [
    # cohort, its label, weeks since, week, its label, cohort size, participants, share
    ("2025-10-13", "2025-W42", 0, "2025-10-13", "2025-W42", 2, 2, 1.0),  # HostOne, alice
    ("2025-10-13", "2025-W42", 1, "2025-10-20", "2025-W43", 2, 0, 0.0),  # nobody posted
    ("2025-10-13", "2025-W42", 2, "2025-10-27", "2025-W44", 2, 2, 1.0),
    ("2025-10-13", "2025-W42", 3, "2025-11-03", "2025-W45", 2, 2, 1.0),
    ("2025-10-27", "2025-W44", 0, "2025-10-27", "2025-W44", 1, 1, 1.0),  # bob
    ("2025-10-27", "2025-W44", 1, "2025-11-03", "2025-W45", 1, 1, 1.0),
    ("2025-11-03", "2025-W45", 0, "2025-11-03", "2025-W45", 2, 2, 1.0),  # carol, dave
]
"""cohort_retention by hand, from the weeks each account took part in."""


SPONSOR_ROWS = [
    # week, label, posts naming it, authors, impressions, reach of authors, engagements,
    # mentions received, own posts, own reach (Sponsor_Co posts nothing; no influence score)
    ("2025-10-13", "2025-W42", 0, 0, 0, 0, 0, 0, None, None),
    ("2025-10-20", "2025-W43", 0, 0, 0, 0, 0, 0, None, None),
    ("2025-10-27", "2025-W44", 1, 1, 800, 800, 4, 1, 0, 50000),  # alice's A1, 4 likes
    ("2025-11-03", "2025-W45", 1, 1, 12400, 12450, 26, 1, 0, 50000),  # HostOne's Q1
]
"""sponsor_week by hand: Sponsor_Co (one account known) in each chat week."""


SPONSOR_POST_ROWS = [
    # week, label, post, author, created at, impressions (author's followers), engagements
    ("2025-10-27", "2025-W44", "1004", "2", "2025-10-29T19:05:00-04:00", 800, 4),
    ("2025-11-03", "2025-W45", "1006", "1", "2025-11-05T19:00:00-05:00", 12400, 26),
]
"""sponsor_posts by hand: the two posts of other accounts that name @Sponsor_Co."""


def insert_marts(con: duckdb.DuckDBPyConnection) -> None:
    """The hand-made account_week, chat_week, cohort_retention, sponsor_posts and sponsor_week
    rows."""
    con.executemany(
        "insert into marts.sponsor_posts values "
        "('tchat', ?, ?, 'sponsor_co', 'x', ?, ?, ?::timestamptz, ?, ?)",
        SPONSOR_POST_ROWS,
    )
    con.executemany(
        "insert into marts.sponsor_week values "
        "('tchat', ?, ?, 'sponsor_co', 1, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        SPONSOR_ROWS,
    )
    con.executemany(
        "insert into marts.cohort_retention values ('tchat', ?, ?, ?, ?, ?, ?, ?, ?)",
        COHORT_ROWS,
    )
    account_columns = ", ".join(BASE_COLUMNS["marts.account_week"])
    con.executemany(
        f"insert into marts.account_week ({account_columns}) values "  # noqa: S608 - our names
        "('tchat', ?::date, strftime(?::date, '%G-W%V'), 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (row[0], row[0], *row[1:], *GIVEN.get((row[0], row[1]), (0, 0, 0, 0)))
            for row in ACCOUNT_WEEK_ROWS
        ],
    )
    chat_columns = ", ".join(BASE_COLUMNS["marts.chat_week"])
    con.executemany(
        f"insert into marts.chat_week ({chat_columns}) values "  # noqa: S608 - our names
        "('tchat', ?::date, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)",
        [(*row, *VOLUME[row[0]], *VIEWS[row[0]]) for row in CHAT_WEEK_ROWS],
    )


def build_tiny(path: Path) -> Path:
    """Load the posts, accounts, snapshots and one bad record; write the marts by hand.

    The marts are written here rather than built, so these tests read exactly the values the
    docstring derives, whatever state the transforms are in.
    """
    con = duckdb.connect(str(path))
    try:
        con.execute("set timezone = 'UTC'")
        migrate(con)
        load_records(
            con,
            {POST: posts_frame(), ACCOUNT: accounts_frame(), SNAPSHOT: snapshots_frame()},
            source="test",
            origin="conftest",
            run_id="test",
        )
        bad = (
            posts_frame()
            .head(1)
            .with_columns(
                pl.lit("9999").alias("post_id"),
                pl.lit("yesterday").alias("created_at"),
                pl.lit('{"post_id": "9999"}').alias("record"),
            )
        )
        load_records(con, {POST: bad}, source="test", origin="bad.csv", run_id="test")
        insert_marts(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


LATER_ROWS = """
insert into marts.question_week values
    ('tchat', date '2025-11-03', '2025-W45', 1, '1006', 'x', '1',
     timestamptz '2025-11-06 00:00:00+00',
     'Q1 Topic of the week <img src=x onerror=alert(3)>', 3, 3, 14,
     -- answered 300, 600 and 1,200 s after it: median 600, 90th percentile 600 + 0.8 × 600;
     -- carol and dave take part for the first time
     600, 1080, 2);
insert into marts.answer_posts values
    -- alice's reply, carol's quote and dave's A1: 300, 600 and 1,200 s after Q1
    ('tchat', date '2025-11-03', '2025-W45', 1, 'x', '1007', '2',
     timestamptz '2025-11-06 00:05:00+00', 300, 5),
    ('tchat', date '2025-11-03', '2025-W45', 1, 'x', '1009', '4',
     timestamptz '2025-11-06 00:10:00+00', 600, 7),
    ('tchat', date '2025-11-03', '2025-W45', 1, 'x', '1010', '6',
     timestamptz '2025-11-06 00:20:00+00', 1200, 2);
insert into marts.chat_session values
    -- Q1 at 19:00 New York time to 20:00: Q1, alice, bob's repost, carol, dave
    ('tchat', date '2025-11-03', '2025-W45', timestamptz '2025-11-06 00:00:00+00',
     timestamptz '2025-11-06 01:00:00+00', 1, 4, 5, 2);
insert into marts.link_week values
    ('tchat', date '2025-11-03', '2025-W45', 'https://example.com/a', 'example.com', 2, 2, 1),
    ('tchat', date '2025-11-03', '2025-W45', 'javascript:alert(4)', 'evil.example', 1, 1, 0);
insert into marts.chat_lift values
    ('tchat', date '2025-10-27', '2025-W44', 12, 3, 0.001, 0.01, 0.009, null, null),
    ('tchat', date '2025-11-03', '2025-W45', 12, 4, 0.0123, 0.02, 0.0077, null, null);
insert into marts.gaming_signals values
    ('tchat', date '2025-11-03', '2025-W45', 'x', '3', 'burst', 12, 10,
     'reposted @carol and @alice within a minute', ['4', '2']);
update marts.account_week set influence_pagerank = case account_id
        when '1' then 0.4 when '2' then 0.2 when '4' then 0.15 when '3' then 0.1
        when '6' then 0.05 else 0.1 end,
    influence_rank = case account_id when '1' then 1 when '2' then 2 when '4' then 3
        when '3' then 4 when '5' then 5 else 6 end,
    influence_score = case account_id
        when '1' then 100 when '2' then 50 when '4' then 37.5 when '3' then 25
        when '6' then 12.5 else 25 end
where week_start = date '2025-11-03';
update marts.account_week set reciprocity_rate = 0.5, amplifiers = 0, replies_given = 1,
    mentions_given = 0, interaction_partners = 2, reciprocal_partners = 1
where week_start = date '2025-11-03' and account_id = '2';
update marts.chat_week set
    -- carol (mentioned by dave) is acknowledged, dave is not; neither can have returned yet
    newcomers_acknowledged = 1, newcomer_care_rate = 0.5, acknowledged_newcomers_returned = 0,
    unacknowledged_newcomers_returned = 0, acknowledged_return_rate = 0,
    unacknowledged_return_rate = 0,
    -- without HostOne: alice, bob, carol, dave; their 3 posts; 37 - 23 engagements
    organic_participants = 4, organic_new_participants = 2, organic_posts = 3,
    organic_impressions = 2600, organic_reach = 2600, organic_engagements = 14,
    -- conversation measures as chosen values, not derived
    interacting_pairs = 5, reciprocity_rate = 0.2, conversational_share = 1.0,
    participation_gini = 0.0,
    -- scores 100, 50, 37.5, 25, 12.5 (median 37.5); the top tenth (1 of 5) holds 0.4 of 0.9
    scored_participants = 5, median_influence_score = 37.5, top_tenth_pagerank_share = 0.4 / 0.9
where week_start = date '2025-11-03';
update marts.chat_week set
    -- bob, the one newcomer, got no reply, repost, quote or mention, and came back in W45
    newcomers_acknowledged = 0, newcomer_care_rate = 0, acknowledged_newcomers_returned = 0,
    unacknowledged_newcomers_returned = 1, acknowledged_return_rate = null,
    unacknowledged_return_rate = 1
where week_start = date '2025-10-27';
"""
"""Hand values of the other marts for 2025-W45 (the tiny warehouse leaves them empty)."""


def render(warehouse: Path, out_dir: Path, opt_out=(), week: date = WEEK) -> list[Path]:
    """Write the week's reports of the warehouse into out_dir; return the paths written."""
    con = reading(warehouse)
    try:
        return write_week_reports(con, CHAT, week, out_dir, opt_out)
    finally:
        con.close()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
