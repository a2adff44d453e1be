"""The demo simulator: valid canonical records that tell a #TChat story, reproducibly."""

import datetime as dt
import functools
import re
import time
import unicodedata
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from schemas.records import ACCOUNT, POST, SNAPSHOT, RecordKind
from schemas.validate import prepare, split
from sources.demo import GAMING_BEHAVIOURS, SimulatedChat, simulate

END = dt.date(2025, 11, 17)
WEEKS = 12
ZONE = "America/New_York"
HOSTS = ("TalentCulture", "MeghanMBiro")
SPONSOR = "Monster_Works"
ROLE_PREFIXES = {
    "repost_ring": "ring_",
    "mention_burst": "burst_",
    "near_duplicates": "dup_",
    "few_sources": "puppet_",
    "copied_answers": "copy_",
}
LABEL = r"^\s*(?:@\S+\s+)*{letter}(\d{{1,2}})(?:[^A-Za-z0-9_]|$)"


@functools.cache
def chat(seed: int = 7, gaming: frozenset[str] = frozenset()) -> SimulatedChat:
    return simulate(weeks=WEEKS, seed=seed, end_week=END, gaming=gaming)


def local_week(column: str) -> pl.Expr:
    """Monday (local) of the ISO week holding an instant."""
    return pl.col(column).dt.convert_time_zone(ZONE).dt.truncate("1w").dt.date()


def with_week(posts: pl.DataFrame) -> pl.DataFrame:
    is_chat = pl.col("hashtags").list.eval(pl.element().str.to_lowercase() == "tchat").list.any()
    return posts.with_columns(week=local_week("created_at"), chat=is_chat)


def handle_ids(sim: SimulatedChat) -> dict[str, str]:
    return dict(zip(sim.accounts["handle"], sim.accounts["account_id"], strict=True))


def label(text_column: str, letter: str) -> pl.Expr:
    """The number n of a leading `Q<n>`/`A<n>` (after leading @words), else null."""
    pattern = LABEL.format(letter=letter)
    return pl.col(text_column).str.extract(pattern, 1).cast(pl.Int64)


# --- validity -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 7, 2024])
@pytest.mark.parametrize("kind", [POST, ACCOUNT, SNAPSHOT], ids=lambda k: k.name)
def test_every_record_passes_validation_with_all_gaming_on(seed: int, kind: RecordKind) -> None:
    """prepare + split rejects no post, account or snapshot, and the frames already have the
    canonical columns, order and dtypes."""
    sim = chat(seed, GAMING_BEHAVIOURS)
    frame = {"post": sim.posts, "account": sim.accounts, "snapshot": sim.snapshots}[kind.name]
    assert frame.schema == pl.Schema(kind.columns)
    valid, rejected = split(kind, prepare(kind, frame))
    assert rejected.height == 0, rejected.head(5)
    assert valid.height == frame.height > 0


@pytest.mark.parametrize("seed", [3, 11])
def test_ordinary_records_pass_validation_for_other_seeds(seed: int) -> None:
    """Without gaming, other seeds give valid records too."""
    sim = chat(seed)
    for kind, frame in ((POST, sim.posts), (ACCOUNT, sim.accounts), (SNAPSHOT, sim.snapshots)):
        assert split(kind, prepare(kind, frame))[1].height == 0, kind.name


# --- reproducibility and arguments ----------------------------------------------------------


def test_same_seed_and_end_week_give_identical_frames() -> None:
    """Two runs with the same seed and end week produce equal posts, accounts and snapshots."""
    first = simulate(weeks=4, seed=5, end_week=END, gaming=GAMING_BEHAVIOURS)
    again = simulate(weeks=4, seed=5, end_week=END, gaming=GAMING_BEHAVIOURS)
    assert first.posts.equals(again.posts)
    assert first.accounts.equals(again.accounts)
    assert first.snapshots.equals(again.snapshots)


def test_another_seed_gives_different_data() -> None:
    """Changing the seed changes posts, accounts and snapshots."""
    one, other = chat(7), chat(8)
    assert not one.posts.equals(other.posts)
    assert not one.accounts.equals(other.accounts)
    assert not one.snapshots.equals(other.snapshots)


def test_default_end_week_is_the_last_complete_week() -> None:
    """Without end_week, the last simulated week is the latest week that has ended locally."""
    now = dt.datetime.now(ZoneInfo(ZONE))
    this_monday = now.date() - dt.timedelta(days=now.weekday())
    posts = with_week(simulate(weeks=2, community_size=30).posts)
    assert posts["week"].max() == this_monday - dt.timedelta(weeks=1)
    assert posts["week"].min() == this_monday - dt.timedelta(weeks=2)


def test_end_week_must_be_a_monday() -> None:
    """An end_week that is not a Monday is refused."""
    with pytest.raises(ValueError, match="Monday"):
        simulate(end_week=END + dt.timedelta(days=2))


def test_unknown_gaming_behaviour_is_refused() -> None:
    """A gaming name outside GAMING_BEHAVIOURS raises ValueError naming it."""
    assert GAMING_BEHAVIOURS == frozenset(ROLE_PREFIXES)
    with pytest.raises(ValueError, match="sockpuppets"):
        simulate(weeks=1, end_week=END, gaming=frozenset({"sockpuppets"}))


def test_options_shape_the_chat() -> None:
    """hashtag, time zone, hosts, sponsor and community size are honoured."""
    sim = simulate(
        weeks=2,
        end_week=END,
        hashtag="HRChat",
        timezone="Europe/London",
        hosts=("HostOne",),
        sponsor="@Acme",
        community_size=50,
    )
    questions = sim.posts.filter(
        pl.col("text").str.contains(r"^Q\d") & (pl.col("kind") != "repost")
    )
    assert set(questions["author_handle"]) == {"HostOne"}
    assert questions["text"].str.ends_with("#HRChat").all()
    hours = questions["created_at"].dt.convert_time_zone("Europe/London").dt.hour()
    assert set(hours) == {19}
    assert {"HostOne", "Acme"} <= set(sim.accounts["handle"])
    assert sim.accounts.height == 50 + 2


# --- structure ------------------------------------------------------------------------------


def test_each_week_has_q1_to_q6_by_hosts_within_the_session_hour() -> None:
    """Every week, hosts post Q1…Q6 once each, Wednesday 19:00–20:00 local time, in order."""
    posts = with_week(chat().posts)
    questions = posts.filter(pl.col("kind") != "repost").with_columns(n=label("text", "Q"))
    questions = questions.filter(pl.col("n").is_not_null())
    assert set(questions["author_handle"]) <= set(HOSTS)
    local = questions["created_at"].dt.convert_time_zone(ZONE)
    assert set(local.dt.weekday()) == {3} and set(local.dt.hour()) == {19}
    per_week = questions.sort("created_at").group_by("week").agg(pl.col("n"))
    assert per_week.height == WEEKS
    assert all(numbers == [1, 2, 3, 4, 5, 6] for numbers in per_week["n"].to_list())


def test_answers_carry_A_labels_and_some_reply_to_the_question() -> None:
    """Each question gets `A<n>` answers by non-hosts, some prefixed `@host A<n>`, some as
    replies to the question post, some of those replies without a label."""
    posts = with_week(chat().posts).filter(pl.col("chat") & (pl.col("kind") != "repost"))
    answers = posts.with_columns(n=label("text", "A")).filter(pl.col("n").is_not_null())
    assert not set(answers["author_handle"]) & set(HOSTS)
    assert answers.group_by("week").agg(pl.col("n").n_unique())["n"].to_list() == [6] * WEEKS
    assert answers["text"].str.starts_with("@").any()
    questions = posts.filter(pl.col("text").str.contains(r"^Q\d"))["post_id"]
    to_question = posts.filter(pl.col("reply_to_post_id").is_in(questions.implode()))
    assert to_question.height > WEEKS * 10
    assert to_question.with_columns(n=label("text", "A"))["n"].null_count() > 0


def test_all_four_kinds_occur_with_their_targets() -> None:
    """original, reply, repost and quote all occur; replies and quotes point at posts that exist
    and carry their author."""
    posts = chat().posts
    assert set(posts["kind"]) == {"original", "reply", "repost", "quote"}
    authors = posts.select(pl.col("post_id").alias("target"), pl.col("author_id").alias("owner"))
    replies = posts.filter(pl.col("kind") == "reply").join(
        authors, left_on="reply_to_post_id", right_on="target", how="left"
    )
    assert (replies["owner"] == replies["reply_to_account_id"]).all()
    quotes = posts.filter(pl.col("kind") == "quote").join(
        authors, left_on="referenced_post_id", right_on="target", how="left"
    )
    assert (quotes["owner"] == quotes["referenced_account_id"]).all()


def test_reposts_copy_the_reposted_post() -> None:
    """A repost copies text, hashtags, urls and mentions of an existing non-repost post, names
    its author, and comes after it."""
    posts = chat(7, GAMING_BEHAVIOURS).posts
    copied = ["text", "hashtags", "urls", "mention_ids", "author_id", "created_at"]
    sources = posts.filter(pl.col("kind") != "repost").select(
        pl.col("post_id").alias("referenced_post_id"),
        *[pl.col(c).alias(f"src_{c}") for c in copied],
    )
    reposts = posts.filter(pl.col("kind") == "repost")
    joined = reposts.join(sources, on="referenced_post_id", how="left")
    assert joined.height == reposts.height > 0
    assert joined["src_text"].null_count() == 0
    for column in ("text", "hashtags", "urls", "mention_ids"):
        assert (joined[column] == joined[f"src_{column}"]).all(), column
    assert (joined["referenced_account_id"] == joined["src_author_id"]).all()
    assert (joined["created_at"] >= joined["src_created_at"]).all()


def test_keys_are_unique() -> None:
    """(platform, post_id), (platform, account_id) and snapshot keys are unique; every author is
    an account."""
    sim = chat(7, GAMING_BEHAVIOURS)
    assert not sim.posts.select(POST.key).is_duplicated().any()
    assert not sim.accounts.select(ACCOUNT.key).is_duplicated().any()
    assert not sim.snapshots.select(SNAPSHOT.key).is_duplicated().any()
    assert set(sim.posts["author_id"]) <= set(sim.accounts["account_id"])
    assert not sim.accounts["handle"].str.to_lowercase().is_duplicated().any()


def test_every_post_is_created_within_the_simulated_weeks() -> None:
    """Posts fall between the first simulated Monday and the Monday after end_week (local),
    and their counts are read a bit later."""
    posts = with_week(chat(7, GAMING_BEHAVIOURS).posts)
    assert posts["week"].min() == END - dt.timedelta(weeks=WEEKS - 1)
    assert posts["week"].max() == END
    assert posts["week"].n_unique() == WEEKS
    delay = posts["observed_at"] - posts["created_at"]
    assert delay.min() > dt.timedelta(0) and delay.max() < dt.timedelta(days=1)


def test_some_posts_fall_outside_the_hour_and_some_are_not_chat_posts() -> None:
    """Chat posts occur outside Wednesday 19–20 local; other posts only carry tags such as
    #TChatter or #HR."""
    posts = with_week(chat().posts)
    local = posts["created_at"].dt.convert_time_zone(ZONE)
    in_hour = (local.dt.weekday() == 3) & (local.dt.hour() == 19)
    assert posts.filter(pl.col("chat") & ~in_hour).height > WEEKS * 5
    others = posts.filter(~pl.col("chat"))
    assert others.height > WEEKS
    assert "TChatter" in set(others["hashtags"].explode().drop_nulls())


def test_hashtag_spelling_varies() -> None:
    """The chat tag is written as #TChat mostly, and in other cases too."""
    tags = set(chat().posts["hashtags"].explode().drop_nulls())
    assert {"TChat", "tchat"} <= tags


def test_ids_are_text_some_beyond_float_precision() -> None:
    """Ids are digit strings; some author ids are 19-digit numbers beyond 2^53."""
    posts = chat().posts
    assert posts["post_id"].str.contains(r"^\d+$").all()
    author_ids = posts["author_id"].unique()
    assert author_ids.str.contains(r"^\d+$").all()
    big = author_ids.filter(author_ids.str.len_chars() == 19)
    assert big.len() > 0 and int(big.min()) > 2**53
    assert (author_ids.str.len_chars() < 12).any()
    assert not posts["author_handle"].str.starts_with("@").any()


def test_timestamps_are_utc() -> None:
    """All instants are Datetime('us', 'UTC')."""
    sim = chat()
    for frame, column in (
        (sim.posts, "created_at"),
        (sim.posts, "observed_at"),
        (sim.accounts, "observed_at"),
        (sim.snapshots, "captured_at"),
    ):
        assert frame.schema[column] == pl.Datetime("us", "UTC")


def test_display_names_exercise_escaping() -> None:
    """Display names include non-ASCII characters and an HTML-like name."""
    names = chat().accounts["display_name"].drop_nulls()
    assert "Ana <b>HR</b> & Co" in set(names)
    assert (names.str.contains(r"[^\x00-\x7f]")).sum() > 10


def normalise(url: str) -> str:
    """METRICS.md: lower-cased scheme and host without www., no utm_ parts, fragment or
    trailing slash."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("utm_"))
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), query, ""))


def test_shared_links_recur_under_several_spellings() -> None:
    """A few articles are shared again and again, written with www., utm_ tags, trailing
    slashes and case differences that normalise to the same URL."""
    urls = chat().posts.filter(pl.col("kind") != "repost")["urls"].explode().drop_nulls()
    spellings: dict[str, set[str]] = {}
    for url in urls.unique():
        spellings.setdefault(normalise(url), set()).add(url)
    assert 3 <= len(spellings) <= 10
    assert max(len(v) for v in spellings.values()) >= 4
    assert urls.str.contains("utm_").any() and urls.str.contains("://www.").any()
    assert urls.str.contains(r"/(\?|#|$)").any()
    assert urls.len() > WEEKS * 10


def test_sponsor_is_mentioned_every_week() -> None:
    """The sponsor account is mentioned in chat posts of every week."""
    sim = chat()
    sponsor = handle_ids(sim)[SPONSOR]
    posts = with_week(sim.posts).filter(
        pl.col("chat") & pl.col("mention_ids").list.contains(sponsor)
    )
    assert posts["week"].n_unique() == WEEKS


def test_replies_and_mentions_connect_participants() -> None:
    """Participants reply to and mention each other, not only the hosts."""
    sim = chat()
    host_ids = {handle_ids(sim)[h] for h in HOSTS}
    replies = sim.posts.filter(pl.col("kind") == "reply")
    between = replies.filter(
        ~pl.col("reply_to_account_id").is_in(list(host_ids))
        & ~pl.col("author_id").is_in(list(host_ids))
    )
    assert between.height > WEEKS * 20
    mentions = sim.posts.filter(pl.col("kind") == "original")["mention_ids"].list.len()
    assert (mentions >= 2).sum() > WEEKS


def participation(sim: SimulatedChat) -> pl.DataFrame:
    """(author_id, week) pairs of chat participation."""
    return with_week(sim.posts).filter("chat").select("author_id", "week").unique()


def test_newcomers_arrive_regulars_return_and_some_skip_weeks() -> None:
    """Every week after the first has new and returning participants; some people skip weeks."""
    weeks = participation(chat())
    first = weeks.group_by("author_id").agg(pl.col("week").min().alias("first"))
    counts = (
        weeks.join(first, on="author_id")
        .group_by("week")
        .agg(
            (pl.col("week") == pl.col("first")).sum().alias("new"),
            (pl.col("week") != pl.col("first")).sum().alias("returning"),
        )
        .sort("week")[1:]
    )
    assert (counts["new"] > 0).all() and (counts["returning"] > 0).all()
    spans = weeks.group_by("author_id").agg(
        pl.len().alias("n"),
        ((pl.col("week").max() - pl.col("week").min()).dt.total_days() // 7 + 1).alias("span"),
    )
    assert spans.filter(pl.col("n") < pl.col("span")).height > 50
    assert spans.filter(pl.col("n") >= WEEKS * 3 // 4).height >= 10


def test_activity_and_followers_are_heavy_tailed() -> None:
    """A few regulars write a large share of posts; followers run from tens to ~100k."""
    sim = chat()
    members = with_week(sim.posts).filter(
        pl.col("chat") & (pl.col("kind") != "repost") & ~pl.col("author_handle").is_in(HOSTS)
    )
    per_author = members.group_by("author_id").len()["len"].sort(descending=True)
    top = per_author.head(max(1, per_author.len() // 10)).sum()
    assert top / per_author.sum() > 0.25
    assert per_author.min() <= 2 and per_author.max() >= 50
    followers = sim.snapshots.group_by("account_id").agg(pl.col("followers_count").last())
    counts = followers["followers_count"]
    assert counts.min() < 50 and counts.max() > 50_000 and counts.median() < 2000


def test_counts_are_plausible() -> None:
    """Counts are at least what the data itself shows (replies, reposts, quotes); questions are
    liked more than answers; reposts carry no counts of their own."""
    posts = chat().posts
    for kind, key, count in (
        ("reply", "reply_to_post_id", "reply_count"),
        ("repost", "referenced_post_id", "repost_count"),
        ("quote", "referenced_post_id", "quote_count"),
    ):
        seen = posts.filter(pl.col("kind") == kind).group_by(key).len()
        joined = seen.join(posts, left_on=key, right_on="post_id")
        assert (joined[count] >= joined["len"]).all(), count
    reposts = posts.filter(pl.col("kind") == "repost")
    assert reposts.select(pl.sum_horizontal("like_count", "repost_count")).to_series().sum() == 0
    questions = posts.filter(pl.col("text").str.contains(r"^Q\d") & (pl.col("kind") != "repost"))
    answers = posts.filter(pl.col("text").str.contains(r"^A\d") & (pl.col("kind") != "repost"))
    assert questions["like_count"].mean() > 3 * answers["like_count"].mean()


# --- follower snapshots ---------------------------------------------------------------------


def test_snapshots_are_daily_from_first_appearance_to_the_end() -> None:
    """Each captured account has one snapshot a day at the same UTC time, without gaps, up to
    the last simulated day; those active in week one start at the beginning, newcomers at
    their first post; a few accounts have none."""
    sim = chat()
    snaps = sim.snapshots.sort("account_id", "captured_at")
    assert snaps["captured_at"].dt.time().n_unique() == 1
    spans = snaps.group_by("account_id").agg(
        pl.col("captured_at").min().alias("first"),
        pl.col("captured_at").max().alias("last"),
        pl.len().alias("n"),
    )
    days = (spans["last"] - spans["first"]).dt.total_days() + 1
    assert (spans["n"] == days).all()
    end = dt.datetime.combine(END + dt.timedelta(days=7), dt.time(), ZoneInfo(ZONE))
    assert spans["last"].max() < end and spans["last"].n_unique() == 1
    first_post = sim.posts.group_by("author_id").agg(pl.col("created_at").min().alias("post"))
    starts = spans.join(first_post, left_on="account_id", right_on="author_id")
    newcomers = starts.filter(pl.col("first") > pl.col("first").min())
    assert newcomers.height > 20
    assert (newcomers["first"] >= newcomers["post"]).all()
    assert (newcomers["first"] - newcomers["post"] <= dt.timedelta(days=1)).all()
    missing = set(sim.accounts["account_id"]) - set(spans["account_id"])
    assert 1 <= len(missing) <= 10


def test_following_and_posts_counts_are_plausible_or_null() -> None:
    """following_count and posts_count are mostly present, sometimes null; posts never drop."""
    snaps = chat().snapshots
    for column in ("following_count", "posts_count"):
        nulls = snaps[column].null_count()
        assert 0 < nulls < snaps.height * 0.2, column
    drops = (
        snaps.sort("account_id", "captured_at")
        .select(pl.col("posts_count").diff().over("account_id").min())
        .item()
    )
    assert drops >= 0


def test_growth_is_larger_in_weeks_of_taking_part() -> None:
    """Week-on-week follower growth (from each week's last snapshot) is larger, on average and
    within the same accounts, in weeks the account took part in the chat."""
    sim = chat()
    ends = (
        sim.snapshots.sort("captured_at")
        .with_columns(week=local_week("captured_at"))
        .group_by("account_id", "week")
        .agg(pl.col("followers_count").last().alias("end"))
        .sort("account_id", "week")
        .with_columns(
            prev=pl.col("end").shift().over("account_id"),
            gap=(pl.col("week") - pl.col("week").shift().over("account_id")).dt.total_days(),
        )
        .filter(pl.col("gap") == 7)
        .with_columns(rate=pl.col("end") / pl.col("prev") - 1)
    )
    took_part = (
        participation(sim).rename({"author_id": "account_id"}).with_columns(part=pl.lit(True))
    )
    rates = ends.join(took_part, on=["account_id", "week"], how="left").with_columns(
        pl.col("part").fill_null(False)
    )
    rates = rates.filter(pl.col("account_id").is_in(took_part["account_id"].implode()))
    mean = dict(rates.group_by("part").agg(pl.col("rate").mean()).iter_rows())
    assert mean[True] > mean[False] + 0.005
    lifts = (
        rates.group_by("account_id", "part")
        .agg(pl.col("rate").mean())
        .pivot("part", index="account_id", values="rate")
        .drop_nulls()
    )
    assert lifts.height > 100
    assert (lifts["true"] - lifts["false"]).median() > 0


# --- gaming behaviours ----------------------------------------------------------------------


def handles_with(sim: SimulatedChat, prefix: str) -> list[str]:
    return sim.accounts.filter(pl.col("handle").str.starts_with(prefix))["handle"].to_list()


@pytest.mark.parametrize("behaviour", sorted(ROLE_PREFIXES))
def test_a_behaviour_that_is_off_has_no_accounts(behaviour: str) -> None:
    """With a behaviour off (others on), no account or post author plays its role."""
    sim = chat(7, GAMING_BEHAVIOURS - {behaviour})
    prefix = ROLE_PREFIXES[behaviour]
    assert handles_with(sim, prefix) == []
    assert not sim.posts["author_handle"].str.starts_with(prefix).any()
    assert not any(handles_with(chat(), p) for p in ROLE_PREFIXES.values())


def test_repost_ring_members_repost_each_other_every_week_more_than_anyone() -> None:
    """Every week each ring member reposts every other member; each ring pair's reposts
    outnumber those of any pair outside the ring."""
    sim = chat(7, frozenset({"repost_ring"}))
    ids = handle_ids(sim)
    ring = {ids[h] for h in handles_with(sim, "ring_")}
    assert 4 <= len(ring) <= 6
    reposts = with_week(sim.posts).filter(pl.col("kind") == "repost")
    pairs = reposts.group_by("author_id", "referenced_account_id", "week").len()
    inside = pairs.filter(
        pl.col("author_id").is_in(list(ring)) & pl.col("referenced_account_id").is_in(list(ring))
    )
    assert inside.height == len(ring) * (len(ring) - 1) * WEEKS
    totals = pairs.group_by("author_id", "referenced_account_id").agg(pl.col("len").sum())
    in_ring = pl.col("author_id").is_in(list(ring)) & pl.col("referenced_account_id").is_in(
        list(ring)
    )
    assert totals.filter(in_ring)["len"].min() > totals.filter(~in_ring)["len"].max()


def test_mention_burst_floods_one_account_in_one_short_window() -> None:
    """In one week, 50+ chat posts mention burst_star within ten minutes; never elsewhere."""
    sim = chat(7, frozenset({"mention_burst"}))
    star = handle_ids(sim)["burst_star"]
    mentions = (
        with_week(sim.posts)
        .filter(
            pl.col("chat")
            & (pl.col("kind") != "repost")
            & pl.col("mention_ids").list.contains(star)
        )
        .sort("created_at")
    )
    windows = mentions.group_by_dynamic("created_at", every="1m", period="10m").agg(
        pl.len(), pl.col("week").first()
    )
    busy = windows.filter(pl.col("len") >= 50)
    assert busy.height > 0 and busy["week"].n_unique() == 1
    calm = windows.filter(pl.col("week") != busy["week"][0])
    assert (calm["len"].max() or 0) < 10
    assert len(handles_with(sim, "burst_bot")) >= 10


def test_near_duplicates_one_account_repeats_almost_the_same_text() -> None:
    """dup_poster posts 15+ chat posts a week that differ only in punctuation, emoji or tag
    case, but are not all byte-identical."""
    sim = chat(7, frozenset({"near_duplicates"}))
    assert handles_with(sim, "dup_") == ["dup_poster"]
    posts = with_week(sim.posts).filter(pl.col("author_handle") == "dup_poster")
    assert posts["chat"].all()
    bare = posts["text"].map_elements(
        lambda t: re.sub(r"[^a-z ]", "", unicodedata.normalize("NFKC", t).lower()).strip(),
        return_dtype=pl.String,
    )
    assert bare.n_unique() == 1
    assert posts["text"].n_unique() >= 5
    per_week = posts.group_by("week").len()
    assert per_week.height == WEEKS and per_week["len"].min() >= 15


def test_few_sources_one_account_gets_interactions_only_from_its_socks() -> None:
    """Every reply, repost, quote and mention puppet_master receives comes from puppet_sock1
    or puppet_sock2, and there are plenty of them every week."""
    sim = chat(7, frozenset({"few_sources"}))
    ids = handle_ids(sim)
    master = ids["puppet_master"]
    socks = {ids["puppet_sock1"], ids["puppet_sock2"]}
    posts = with_week(sim.posts).filter(pl.col("chat") & (pl.col("author_id") != master))
    received = posts.filter(
        (pl.col("reply_to_account_id") == master)
        | (pl.col("referenced_account_id") == master)
        | ((pl.col("kind") != "repost") & pl.col("mention_ids").list.contains(master))
    )
    assert set(received["author_id"]) == socks
    assert received.group_by("week").len()["len"].min() >= 10


# --- speed and size -------------------------------------------------------------------------


def test_default_simulation_is_fast() -> None:
    """12 weeks of 400 members simulate in well under 2 seconds."""
    simulate(weeks=1, community_size=20, end_week=END)  # warm imports
    started = time.perf_counter()
    sim = simulate(end_week=END)
    assert time.perf_counter() - started < 1.5
    assert sim.accounts.height == 403 and sim.posts.height > WEEKS * 300


def _answer_sentence(text: pl.Expr) -> pl.Expr:
    """An answer without its @addressee, A<n> label, tags and links, lower-cased."""
    return (
        text.str.to_lowercase()
        .str.replace_all(r"https?://\S+|[@#]\w+", "")
        .str.replace(r"^\s*a\d+:?", "")
        .str.replace_all(r"[^\p{L}' ]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def test_copied_answers_a_crew_posts_one_sentence_word_for_word() -> None:
    """Every week each of the six copy_crew accounts answers two questions; each of the two
    sentences of the week is posted by all six, under different tag spellings and addressees."""
    sim = chat(7, frozenset({"copied_answers"}))
    crew = handles_with(sim, "copy_")
    assert crew == [f"copy_crew{i:02d}" for i in range(1, 7)]
    posts = with_week(sim.posts).filter(pl.col("author_handle").str.starts_with("copy_"))
    assert posts["chat"].all() and posts["text"].str.contains(r"^(@\w+ )?A[1-6] ").all()
    sentences = posts.with_columns(sentence=_answer_sentence(pl.col("text")))
    per_week = sentences.group_by("week").agg(
        pl.len(), pl.col("sentence").n_unique().alias("sentences")
    )
    assert per_week.height == WEEKS
    assert set(per_week["len"]) == {12} and set(per_week["sentences"]) == {2}
    by_sentence = sentences.group_by("week", "sentence").agg(pl.col("author_id").n_unique())
    assert set(by_sentence["author_id"]) == {6}
    assert posts.group_by("week").agg(pl.col("text").n_unique())["text"].min() > 2


@pytest.mark.parametrize("seed", [7, 3])
def test_honest_answers_rarely_repeat_word_for_word(seed: int) -> None:
    """Without gaming, no answer sentence is posted by more than 3 accounts in one week: honest
    answers combine an opener, a body and mostly a closing clause."""
    answers = with_week(chat(seed).posts).filter(
        pl.col("chat") & (pl.col("kind") != "repost") & pl.col("text").str.contains(r"^(@\w+ )?A\d")
    )
    by_sentence = (
        answers.with_columns(sentence=_answer_sentence(pl.col("text")))
        .group_by("week", "sentence")
        .agg(pl.col("author_id").n_unique())
    )
    assert by_sentence["author_id"].max() <= 3
