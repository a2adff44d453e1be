"""A row-by-row Python reading of METRICS.md, written apart from the SQL transforms, used to
cross-check every mart.

`compute` takes one chat and the canonical posts and follower snapshots (dicts with the
columns of METRICS.md, instants time-zone aware) and returns the rows METRICS.md defines for
marts.account_week, chat_week, account_growth, chat_lift, question_week, answer_posts,
chat_session and link_week, with
plain loops over the records and networkx for PageRank. It shares no code with transforms/,
warehouse/ or reports/. Text is compared after NFKC normalisation and lower-casing, the
Q<n> and A<n> prefixes included; link_week.domain is the host name without user name or port.
"""

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import networkx as nx

# networkx.pagerank needs scipy, which is not installed; this is networkx's pure-Python
# implementation of the same definition.
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

TABLES = (
    "account_week",
    "chat_week",
    "cohort_retention",
    "rising_accounts",
    "sponsor_posts",
    "sponsor_week",
    "account_growth",
    "chat_lift",
    "question_week",
    "answer_posts",
    "chat_session",
    "link_week",
)
LIFT_WINDOW_WEEKS = 12

Account = tuple[str, str]
"""(platform, account_id)."""


@dataclass(frozen=True)
class Chat:
    """What the metrics need of a chat's configuration."""

    slug: str
    hashtags: tuple[str, ...]
    timezone: str
    hosts: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()


def norm(text: str) -> str:
    """Text as METRICS.md compares it."""
    return unicodedata.normalize("NFKC", text).lower()


def median(values: list[float]) -> float | None:
    """The middle value; of an even number, the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


# --- weeks ----------------------------------------------------------------------------------


class Weeks:
    """ISO weeks in one time zone."""

    def __init__(self, timezone: str):
        self.zone = ZoneInfo(timezone)

    def start_of(self, instant: datetime) -> date:
        """week_start of the week holding an instant."""
        local = instant.astimezone(self.zone).date()
        return local - timedelta(days=local.weekday())

    def start(self, week_start: date) -> datetime:
        return datetime.combine(week_start, time(0), tzinfo=self.zone)

    def end(self, week_start: date) -> datetime:
        return self.start(week_start + timedelta(days=7))

    @staticmethod
    def label(week_start: date) -> str:
        year, week, _ = week_start.isocalendar()
        return f"{year}-W{week:02d}"


# --- follower snapshots ---------------------------------------------------------------------


class Followers:
    """Follower counts of accounts over time, from their snapshots."""

    def __init__(self, snapshots: list[dict]):
        series: dict[Account, list[tuple[datetime, int]]] = defaultdict(list)
        for s in snapshots:
            series[(s["platform"], s["account_id"])].append(
                (s["captured_at"], s["followers_count"])
            )
        self.times: dict[Account, list[datetime]] = {}
        self.counts: dict[Account, list[int]] = {}
        for account, points in series.items():
            points.sort(key=lambda point: point[0])
            self.times[account] = [t for t, _ in points]
            self.counts[account] = [n for _, n in points]

    def known(self, account: Account) -> bool:
        """The account has at least one snapshot."""
        return account in self.times

    def at(self, account: Account, instant: datetime) -> int:
        """followers_at: the latest snapshot at or before the instant, else the earliest after,
        else 0."""
        if account not in self.times:
            return 0
        held = bisect_right(self.times[account], instant)
        return self.counts[account][held - 1] if held else self.counts[account][0]

    def end(self, account: Account, start: datetime, end: datetime) -> int | None:
        """followers_end: the latest snapshot captured in [start, end), else None."""
        if account not in self.times:
            return None
        before_end = bisect_left(self.times[account], end)
        if before_end and self.times[account][before_end - 1] >= start:
            return self.counts[account][before_end - 1]
        return None


# --- Q<n> and A<n> --------------------------------------------------------------------------

QUESTION = re.compile(r"[Qq]([0-9]{1,2})(?!\w)")
ANSWER = re.compile(r"[Aa]([0-9]{1,2})(?!\w)")
AT_WORD = re.compile(r"@\S*\s*")


def question_number(text: str) -> int | None:
    """The n of a leading Q<n>, else None."""
    found = QUESTION.match(unicodedata.normalize("NFKC", text).lstrip())
    return int(found.group(1)) if found else None


def answer_number(text: str) -> int | None:
    """The n of a leading A<n>, after any leading words that start with @, else None."""
    rest = unicodedata.normalize("NFKC", text).lstrip()
    while rest.startswith("@"):
        rest = rest[AT_WORD.match(rest).end() :]
    found = ANSWER.match(rest)
    return int(found.group(1)) if found else None


# --- URLs -----------------------------------------------------------------------------------


def normalize_url(url: str) -> tuple[str, str]:
    """The normalised URL and its domain (the normalised host, without user name or port)."""
    parts = urlsplit(url)
    user, at, host_port = parts.netloc.rpartition("@")
    userinfo = user + at
    if host_port.startswith("["):  # an IPv6 literal holds colons
        host, _, port = host_port.partition("]")
        host += "]"
    else:
        host, colon, port = host_port.partition(":")
        port = colon + port
    host = host.lower().removeprefix("www.")
    query = "&".join(
        part
        for part in parts.query.split("&")
        if not part.split("=", 1)[0].lower().startswith("utm_")
    )
    path = parts.path.removesuffix("/")
    normalised = f"{parts.scheme.lower()}://{userinfo}{host}{port}{path}"
    return (f"{normalised}?{query}" if query else normalised), host


# --- the marts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Post:
    """A chat post, with its week and author."""

    record: dict
    week: date
    author: Account

    def __getitem__(self, column: str):
        return self.record[column]

    @property
    def platform(self) -> str:
        return self.record["platform"]

    @property
    def is_repost(self) -> bool:
        return self.record["kind"] == "repost"


def _interactions(post: _Post) -> list[tuple[Account, Account, str]]:
    """(source, target, kind) of one chat post, self-interactions left out."""
    kind = post["kind"]
    targets: list[tuple[str, str]] = []
    not_mentioned = set()
    if kind == "reply":
        targets.append((post["reply_to_account_id"], "reply"))
        not_mentioned.add(post["reply_to_account_id"])
    elif kind in ("repost", "quote"):
        targets.append((post["referenced_account_id"], kind))
        not_mentioned.add(post["referenced_account_id"])
    if kind != "repost":
        targets += [(m, "mention") for m in dict.fromkeys(post["mention_ids"])]
        targets = [(t, k) for t, k in targets if k != "mention" or t not in not_mentioned]
    return [
        (post.author, (post.platform, target), what)
        for target, what in targets
        if (post.platform, target) != post.author
    ]


def _pagerank(accounts: set[Account], interactions: list) -> dict[Account, float]:
    """PageRank of the chat-week's interaction graph: edges weighted ln(1 + s)."""
    strength: dict[tuple[Account, Account], float] = defaultdict(float)
    for source, target, kind in interactions:
        strength[(source, target)] += 0.5 if kind == "mention" else 1.0
    graph = nx.DiGraph()
    graph.add_nodes_from(accounts)
    for (source, target), s in strength.items():
        graph.add_edge(source, target, weight=math.log1p(s))
    return _pagerank_python(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000)


class _ChatData:
    """One chat's posts grouped by week, with the follower history of every account."""

    def __init__(self, chat: Chat, posts: list[dict], snapshots: list[dict]):
        self.chat = chat
        self.weeks = Weeks(chat.timezone)
        self.followers = Followers(snapshots)
        tags = {norm(tag) for tag in chat.hashtags}
        chat_posts = [
            _Post(p, self.weeks.start_of(p["created_at"]), (p["platform"], p["author_id"]))
            for p in posts
            if any(norm(tag) in tags for tag in p["hashtags"])
        ]
        self.posts: dict[date, list[_Post]] = defaultdict(list)
        for p in chat_posts:
            self.posts[p.week].append(p)
        self.chat_weeks: list[date] = []
        if chat_posts:
            week, last = min(self.posts), max(self.posts)
            while week <= last:
                self.chat_weeks.append(week)
                week += timedelta(days=7)
        self.participants = {w: {p.author for p in self.posts[w]} for w in self.chat_weeks}
        self.first_week: dict[Account, date] = {}
        for w in self.chat_weeks:
            for account in self.participants[w]:
                self.first_week.setdefault(account, w)

    def key(self, week: date) -> dict:
        return {"chat": self.chat.slug, "week_start": week, "week_label": self.weeks.label(week)}

    def followers_end(self, account: Account, week: date) -> int | None:
        return self.followers.end(account, self.weeks.start(week), self.weeks.end(week))


def compute(
    chat: Chat, posts: list[dict], snapshots: list[dict], accounts: list[dict] = ()
) -> dict[str, list[dict]]:
    """The rows of each mart for one chat, as METRICS.md defines them."""
    data = _ChatData(chat, posts, snapshots)
    out: dict[str, list[dict]] = {table: [] for table in TABLES}
    for week in data.chat_weeks:
        rows = _account_week(data, week)
        out["account_week"] += rows
        out["chat_week"].append(_chat_week(data, week, rows))
        out["question_week"] += _question_week(data, week)
        out["answer_posts"] += _answer_posts(data, week)
        out["chat_session"].append(_chat_session(data, week))
        out["link_week"] += _link_week(data, week)
    _low_data(out["chat_week"])
    out["cohort_retention"] = _cohort_retention(data)
    out["rising_accounts"] = _rising_accounts(data, out["account_week"])
    out["sponsor_posts"], out["sponsor_week"] = _sponsors(
        data, out["account_week"], posts, accounts
    )
    out["account_growth"] = _account_growth(data)
    out["chat_lift"] = [_chat_lift(data, week, out["account_growth"]) for week in data.chat_weeks]
    return out


def _cohort_retention(data: "_ChatData") -> list[dict]:
    """For each cohort (accounts by their first participation week) and each chat week from
    it on: how many of them take part that week."""
    cohorts: dict[date, set[Account]] = defaultdict(set)
    for account, first in data.first_week.items():
        cohorts[first].add(account)
    rows = []
    for cohort, members in cohorts.items():
        for week in data.chat_weeks:
            if week < cohort:
                continue
            taking_part = len(members & data.participants.get(week, set()))
            rows.append(
                {
                    "chat": data.chat.slug,
                    "cohort_week_start": cohort,
                    "cohort_week_label": data.weeks.label(cohort),
                    "weeks_since": (week - cohort).days // 7,
                    "week_start": week,
                    "week_label": data.weeks.label(week),
                    "cohort_size": len(members),
                    "participants": taking_part,
                    "share": taking_part / len(members),
                }
            )
    return rows


def _sponsors(
    data: "_ChatData", account_rows: list[dict], posts: list[dict], accounts: list[dict]
) -> tuple[list[dict], list[dict]]:
    """Per chat week and configured sponsor: the chat posts naming it, and what it got."""
    handles = {((p["platform"], p["author_id"]), norm(p["author_handle"])) for p in posts}
    handles |= {((a["platform"], a["account_id"]), a["handle"].lower()) for a in accounts}
    by_week: dict[date, dict[Account, dict]] = defaultdict(dict)
    for row in account_rows:
        by_week[row["week_start"]][(row["platform"], row["account_id"])] = row
    rows, named = [], []
    for sponsor in sorted({norm(s.lstrip("@")) for s in data.chat.sponsors}):
        own = {account for account, handle in handles if handle == sponsor}
        named_in = re.compile(rf"(?:^|[^\w])@{re.escape(sponsor)}(?:[^\w]|$)")
        for week in data.chat_weeks:
            naming = [
                p
                for p in data.posts[week]
                if not p.is_repost
                and p.author not in own
                and (
                    any((p.platform, m) in own for m in p["mention_ids"])
                    or named_in.search(norm(p["text"]))
                )
            ]
            named += [
                data.key(week)
                | {
                    "sponsor": sponsor,
                    "platform": p.platform,
                    "post_id": p["post_id"],
                    "author_id": p["author_id"],
                    "created_at": p["created_at"],
                    "impressions": data.followers.at(p.author, p["created_at"]),
                    "engagements": p["like_count"]
                    + p["repost_count"]
                    + p["reply_count"]
                    + p["quote_count"],
                }
                for p in naming
            ]
            authors = {p.author for p in naming}
            mine = [row for account, row in by_week[week].items() if account in own]
            rows.append(
                data.key(week)
                | {
                    "sponsor": sponsor,
                    "accounts_known": len(own),
                    "posts_naming": len(naming),
                    "authors_naming": len(authors),
                    "impressions_naming": sum(
                        data.followers.at(p.author, p["created_at"]) for p in naming
                    ),
                    "reach_of_authors": sum(
                        data.followers.at(a, data.weeks.end(week)) for a in authors
                    ),
                    "engagements_naming": sum(
                        p["like_count"] + p["repost_count"] + p["reply_count"] + p["quote_count"]
                        for p in naming
                    ),
                    "mentions_received": sum(r["mentions_received"] for r in mine),
                    "own_posts": sum(r["posts"] for r in mine) if mine else None,
                    "reach": sum(r["reach"] for r in mine) if mine else None,
                    "influence_score": max(r["influence_score"] for r in mine) if mine else None,
                }
            )
    return named, rows


def _rising_accounts(data: "_ChatData", account_rows: list[dict]) -> list[dict]:
    """Per chat week: the accounts that took part in it or the 3 weeks before, with their mean
    influence score over those 4 weeks against the 4 before (a missing row counts 0)."""
    by_week: dict[date, dict[Account, dict]] = defaultdict(dict)
    for row in account_rows:
        by_week[row["week_start"]][(row["platform"], row["account_id"])] = row
    held = set(data.chat_weeks)
    rows = []
    for week in data.chat_weeks:
        recent = [week - timedelta(weeks=n) for n in range(4) if week - timedelta(weeks=n) in held]
        earlier = [w for n in range(4, 8) if (w := week - timedelta(weeks=n)) in held]
        if not earlier:
            continue
        active = {a for w in recent for a, r in by_week[w].items() if r["participated"]}
        for account in active:

            def mean(weeks: list[date], account: Account = account) -> float:
                scores = [by_week[w].get(account, {}).get("influence_score") or 0 for w in weeks]
                return sum(scores) / len(weeks)

            rows.append(
                data.key(week)
                | {
                    "platform": account[0],
                    "account_id": account[1],
                    "recent_weeks": len(recent),
                    "earlier_weeks": len(earlier),
                    "recent_mean_score": mean(recent),
                    "earlier_mean_score": mean(earlier),
                    "score_gain": mean(recent) - mean(earlier),
                    "recent_weeks_taken_part": sum(
                        1 for w in recent if by_week[w].get(account, {}).get("participated")
                    ),
                }
            )
    return rows


def _low_data(weeks: list[dict]) -> None:
    """Each week's posts against the median of the chat's weeks in the 8 calendar weeks
    before it; low under a quarter of it."""
    posts = {row["week_start"]: row["posts"] for row in weeks}
    for row in weeks:
        before = [
            posts[row["week_start"] - timedelta(weeks=n)]
            for n in range(1, 9)
            if row["week_start"] - timedelta(weeks=n) in posts
        ]
        trailing = median(before) if before else None
        row["trailing_median_posts"] = trailing
        row["trailing_weeks"] = len(before)
        row["is_low_data"] = trailing is not None and row["posts"] < 0.25 * trailing


RECEIVED = {"reply": "replies_received", "repost": "reposts_received", "quote": "quotes_received"}
GIVEN = {"reply": "replies", "repost": "reposts", "quote": "quotes", "mention": "mentions"}


def _account_week(data: _ChatData, week: date) -> list[dict]:
    posts, followers = data.posts[week], data.followers
    if not posts:
        return []
    interactions = [i for p in posts for i in _interactions(p)]
    participants = data.participants[week]
    accounts = participants | {target for _, target, _ in interactions}
    rows = {
        account: data.key(week)
        | {
            "platform": account[0],
            "account_id": account[1],
            "participated": account in participants,
            "posts": 0,
            "reposts": 0,
            "replies_received": 0,
            "reposts_received": 0,
            "quotes_received": 0,
            "mentions_received": 0,
            "likes_received": 0,
            "impressions": 0,
            "views": None,
            "posts_with_views": 0,
            "amplified_audience": 0,
        }
        for account in accounts
    }
    for p in posts:
        row = rows[p.author]
        if p.is_repost:
            row["reposts"] += 1
        else:
            row["posts"] += 1
            row["likes_received"] += p["like_count"]
            if p.record.get("view_count") is not None:
                row["views"] = (row["views"] or 0) + p.record.get("view_count")
                row["posts_with_views"] += 1
        row["impressions"] += followers.at(p.author, p["created_at"])
    for _, target, kind in interactions:
        if kind != "mention":
            rows[target][RECEIVED[kind]] += 1
    for row in rows.values():
        row.update(replies_given=0, reposts_given=0, quotes_given=0, mentions_given=0)
    for source, _, kind in interactions:
        rows[source][f"{GIVEN[kind]}_given"] += 1
    # From mention_ids rather than mention interactions: a reply or quote that mentions its
    # own target counts here.
    for p in posts:
        if not p.is_repost:
            for mentioned in set(p["mention_ids"]):
                if (p.platform, mentioned) != p.author:
                    rows[(p.platform, mentioned)]["mentions_received"] += 1
    first_amplified: dict[Account, dict[Account, datetime]] = defaultdict(dict)
    for p in posts:
        target = (p.platform, p["referenced_account_id"])
        if p["kind"] in ("repost", "quote") and target != p.author:
            first = first_amplified[target].get(p.author, p["created_at"])
            first_amplified[target][p.author] = min(first, p["created_at"])
    for target, amplifiers in first_amplified.items():
        rows[target]["amplified_audience"] = sum(followers.at(a, t) for a, t in amplifiers.items())
    week_end = data.weeks.end(week)
    for account, row in rows.items():
        row["engagements_received"] = (
            row["replies_received"]
            + row["reposts_received"]
            + row["quotes_received"]
            + row["likes_received"]
        )
        row["followers_end"] = data.followers_end(account, week)
        previous = data.followers_end(account, week - timedelta(days=7))
        if row["followers_end"] is None or previous is None:
            row["follower_change"] = None
        else:
            row["follower_change"] = row["followers_end"] - previous
        row["reach"] = followers.at(account, week_end) + row["amplified_audience"]
    ranks = _pagerank(accounts, interactions)
    top = max(ranks.values())
    for rank, account in enumerate(sorted(rows, key=lambda a: (-ranks[a], a)), start=1):
        rows[account]["influence_pagerank"] = ranks[account]
        rows[account]["influence_rank"] = rank
        rows[account]["influence_score"] = 100 * ranks[account] / top
    return list(rows.values())


def _influence_spread(account_rows: list[dict]) -> dict:
    """Participants with a PageRank: how many, their median score, the top tenth's share."""
    scored = sorted(
        (r for r in account_rows if r["participated"] and r["influence_pagerank"] is not None),
        key=lambda r: -r["influence_pagerank"],
    )
    total = sum(r["influence_pagerank"] for r in scored)
    top = scored[: math.ceil(len(scored) / 10)]
    return {
        "scored_participants": len(scored),
        "median_influence_score": median([r["influence_score"] for r in scored]),
        "top_tenth_pagerank_share": sum(r["influence_pagerank"] for r in top) / total
        if scored and total
        else None,
    }


def _views(posts: list) -> dict:
    """Views over the non-repost posts that report them, and the platforms none of whose
    non-repost posts does."""
    written = [p for p in posts if not p.is_repost]
    viewed = [p.record.get("view_count") for p in written if p.record.get("view_count") is not None]
    reporting = {p.platform for p in written if p.record.get("view_count") is not None}
    return {
        "views": sum(viewed) if viewed else None,
        "posts_with_views": len(viewed),
        "platforms_without_views": sorted({p.platform for p in written} - reporting),
    }


def _chat_week(data: _ChatData, week: date, account_rows: list[dict]) -> dict:
    posts = data.posts[week]
    participants = data.participants[week]
    previous = data.participants.get(week - timedelta(days=7), set())
    new = sum(1 for account in participants if data.first_week[account] == week)
    week_end = data.weeks.end(week)
    return (
        data.key(week)
        | {
            "week_end": week_end,
            "participants": len(participants),
            "contributors": len({p.author for p in posts if not p.is_repost}),
            "new_participants": new,
            "returning_participants": len(participants) - new,
            "retention_rate": len(previous & participants) / len(previous) if previous else None,
            "posts": sum(1 for p in posts if not p.is_repost),
            "reposts": sum(1 for p in posts if p.is_repost),
            "replies": sum(1 for p in posts if p["kind"] == "reply"),
            "quotes": sum(1 for p in posts if p["kind"] == "quote"),
            "impressions": sum(row["impressions"] for row in account_rows),
            "reach": sum(data.followers.at(account, week_end) for account in participants),
            "engagements": sum(row["engagements_received"] for row in account_rows),
            "accounts_without_follower_data": sum(
                1
                for row in account_rows
                if not data.followers.known((row["platform"], row["account_id"]))
            ),
        }
        | _influence_spread(account_rows)
        | _views(posts)
    )


def _account_growth(data: _ChatData) -> list[dict]:
    rows = []
    for week in data.chat_weeks:
        for account in data.first_week:
            now = data.followers_end(account, week)
            before = data.followers_end(account, week - timedelta(days=7))
            if now is None or before is None:
                continue
            rows.append(
                data.key(week)
                | {
                    "platform": account[0],
                    "account_id": account[1],
                    "followers_end": now,
                    "previous_followers_end": before,
                    "follower_change": now - before,
                    "growth_rate": None if before == 0 else (now - before) / before,
                    "participated": account in data.participants[week],
                }
            )
    return rows


def _chat_lift(data: _ChatData, week: date, growth: list[dict]) -> dict:
    window = {week - timedelta(days=7 * n) for n in range(LIFT_WINDOW_WEEKS)}
    rates: dict[Account, tuple[list, list]] = defaultdict(lambda: ([], []))
    for row in growth:
        if row["week_start"] in window and row["growth_rate"] is not None:
            taking_part, away = rates[(row["platform"], row["account_id"])]
            (taking_part if row["participated"] else away).append(row["growth_rate"])
    compared = [(mean(part), mean(away)) for part, away in rates.values() if part and away]
    low, high = median_interval([part - away for part, away in compared])
    return data.key(week) | {
        "window_weeks": LIFT_WINDOW_WEEKS,
        "accounts_compared": len(compared),
        "lift_median": median([part - away for part, away in compared]),
        "participating_growth_median": median([part for part, _ in compared]),
        "nonparticipating_growth_median": median([away for _, away in compared]),
        "lift_ci_low": low,
        "lift_ci_high": high,
    }


def median_interval(values: list[float]) -> tuple[float | None, float | None]:
    """METRICS.md's distribution-free 95% interval for a median: the j-th and k-th smallest
    (1-based), j = max(1, floor(n/2 - 0.98 sqrt n)), k = min(n, ceil(1 + n/2 + 0.98 sqrt n));
    none below 20 values."""
    n = len(values)
    if n < 20:
        return None, None
    ordered = sorted(values)
    j = max(1, math.floor(n / 2 - 0.98 * math.sqrt(n)))
    k = min(n, math.ceil(1 + n / 2 + 0.98 * math.sqrt(n)))
    return ordered[j - 1], ordered[k - 1]


def percentile(ordered: list[float], share: float) -> float | None:
    """The share-th percentile of sorted values, linear between the two nearest ranks: at
    position share × (n − 1) counted from 0 (so the median of an even count is the mean of
    the middle two). None for no values."""
    if not ordered:
        return None
    position = share * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _questions_and_answers(
    data: _ChatData, week: date
) -> tuple[dict[int, _Post], dict[int, list[_Post]]]:
    """The week's question of each n, and the answers to each."""
    posts = [p for p in data.posts[week] if not p.is_repost]
    hosts = {norm(handle) for handle in data.chat.hosts}

    def by_host(p: _Post) -> bool:
        return norm(p["author_handle"]) in hosts

    asked: dict[int, list[_Post]] = defaultdict(list)
    for p in posts:
        number = question_number(p["text"])
        if number is not None and (not hosts or by_host(p)):
            asked[number].append(p)
    questions = {
        n: min(candidates, key=lambda p: (p["created_at"], p["post_id"]))
        for n, candidates in asked.items()
    }
    number_of = {(q.platform, q["post_id"]): n for n, q in questions.items()}
    answers: dict[int, list[_Post]] = defaultdict(list)
    for p in posts:
        if hosts and by_host(p):
            continue
        number = answer_number(p["text"])
        if number is None and p["kind"] == "reply":
            number = number_of.get((p.platform, p["reply_to_post_id"]))
        if number not in questions:
            continue
        if not hosts and p.author == questions[number].author:
            continue
        answers[number].append(p)
    return questions, answers


def _question_week(data: _ChatData, week: date) -> list[dict]:
    questions, answers = _questions_and_answers(data, week)
    rows = []
    for number, question in questions.items():
        given = answers[number]
        waits = sorted(
            (a["created_at"] - question["created_at"]).total_seconds()
            for a in given
            if a["created_at"] >= question["created_at"]
        )
        rows.append(
            data.key(week)
            | {
                "median_seconds_to_answer": percentile(waits, 0.5),
                "p90_seconds_to_answer": percentile(waits, 0.9),
                "new_participant_answerers": len(
                    {a.author for a in given if data.first_week[a.author] == week}
                ),
                "question_number": number,
                "question_post_id": question["post_id"],
                "question_text": question["text"],
                "answers": len(given),
                "answerers": len({a.author for a in given}),
                "answer_engagements": sum(
                    a["like_count"] + a["reply_count"] + a["repost_count"] + a["quote_count"]
                    for a in given
                ),
            }
        )
    return rows


def _answer_posts(data: _ChatData, week: date) -> list[dict]:
    questions, answers = _questions_and_answers(data, week)
    rows = []
    for number, given in answers.items():
        asked_at = questions[number]["created_at"]
        for a in given:
            wait = (a["created_at"] - asked_at).total_seconds()
            rows.append(
                data.key(week)
                | {
                    "question_number": number,
                    "platform": a.platform,
                    "post_id": a["post_id"],
                    "author_id": a["author_id"],
                    "created_at": a["created_at"],
                    "seconds_to_answer": wait if wait >= 0 else None,
                    "engagements": a["like_count"]
                    + a["reply_count"]
                    + a["repost_count"]
                    + a["quote_count"],
                }
            )
    return rows


def _chat_session(data: _ChatData, week: date) -> dict:
    questions, _ = _questions_and_answers(data, week)
    asked = sorted(q["created_at"] for q in questions.values())
    if asked:
        start, end = asked[0], asked[-1] + timedelta(minutes=60)
    else:
        start, end = data.weeks.start(week), data.weeks.end(week)
    posts = [p for p in data.posts[week] if start <= p["created_at"] < end]
    people = {p.author for p in posts}
    return data.key(week) | {
        "session_start": start,
        "session_end": end,
        "questions": len(asked),
        "posts": sum(1 for p in posts if not p.is_repost),
        "participants": len(people),
        "new_participants": sum(1 for a in people if data.first_week[a] == week),
    }


def _link_week(data: _ChatData, week: date) -> list[dict]:
    posts = data.posts[week]
    sharing_posts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    sharers: dict[str, set[Account]] = defaultdict(set)
    domains: dict[str, str] = {}
    for p in posts:
        if p.is_repost:
            continue
        for written in p["urls"]:
            url, domains[url] = normalize_url(written)
            sharing_posts[url].add((p.platform, p["post_id"]))
            sharers[url].add(p.author)
    reposted = [(p.platform, p["referenced_post_id"]) for p in posts if p.is_repost]
    return [
        data.key(week)
        | {
            "url": url,
            "domain": domains[url],
            "shares": len(shared_in),
            "sharers": len(sharers[url]),
            "reposts": sum(1 for post in reposted if post in shared_in),
        }
        for url, shared_in in sharing_posts.items()
    ]
