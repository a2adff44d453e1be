"""Gaming signals: account-weeks whose standing looks manufactured (marts.gaming_signals).

Five signals, each read from one recomputed chat-week only (so the dirty-week rule of
stg_dirty_weeks.sql needs nothing more); the thresholds are the named constants below and the
data dictionary states them in words (a test checks the two agree):

- few_sources: it received at least FEW_SOURCES_MIN_RECEIVED interactions and at least
  FEW_SOURCES_SHARE of them came from its FEW_SOURCES_TOP most frequent sources.
- repost_ring: it belongs to a connected group of at least RING_MIN_SIZE accounts of the
  mutual-repost graph, where a and b are linked when each reposted the other at least
  RING_MIN_REPOSTS times in the week. Every member is flagged.
- burst: at least BURST_MIN mention and repost interactions targeting it were made within
  BURST_WINDOW_MINUTES minutes ([t, t + window) for some interaction time t). The chat's hosts
  (stg_host_accounts) are exempt: everyone mentions them as the chat starts, by design. (The
  build fingerprints the host accounts, so a change of hosts rebuilds every week.)
- near_duplicates: one of its non-repost chat posts of the week and at least
  DUPLICATE_MIN_POSTS − 1 others of its posts that week are near-identical to it: their
  normalised texts (NFKC, lower-case, URLs, @mentions, digits, punctuation and symbols removed,
  white space collapsed) have word SHINGLE_WORDS-gram sets with Jaccard similarity at least
  DUPLICATE_JACCARD (identical normalised texts have similarity 1). Texts of fewer than
  DUPLICATE_MIN_WORDS words are left out: short stock replies ("Thanks! #TChat") repeat
  honestly.
- copied_answers: one of its answers of the week (int_answers) reads the same, once normalised
  as near_duplicates normalises it and with at least DUPLICATE_MIN_WORDS words, as answers of
  the week by at least COPIED_MIN_ACCOUNTS − 1 other accounts of its platform. Every account
  of the group is flagged.

Text normalisation runs in polars (DuckDB has no NFKC); everything else is SQL.
"""

import duckdb
import polars as pl

from transforms.steps import PythonStep, replace_recomputed_weeks

FEW_SOURCES_MIN_RECEIVED = 10
FEW_SOURCES_TOP = 2
FEW_SOURCES_SHARE = 0.8

RING_MIN_REPOSTS = 2
RING_MIN_SIZE = 3

BURST_MIN = 30
BURST_WINDOW_MINUTES = 10
BURST_INTERACTIONS = ("mention", "repost")

DUPLICATE_MIN_POSTS = 5
DUPLICATE_MIN_WORDS = 5
DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 3

COPIED_MIN_ACCOUNTS = 5
COPIED_NAMED = 10
"""The evidence names at most this many of the other accounts by handle."""

SIGNALS = ("few_sources", "repost_ring", "burst", "near_duplicates", "copied_answers")

GAMING_TEMP_TABLES = (
    "gaming_found",
    "gaming_texts",
    "gaming_answers",
    "gaming_ring_edges",
    "gaming_ring_labels",
    "gaming_ring_next",
)

_EPSILON = 1e-9
"""Slack for comparing a share with its threshold in floating point."""


def normalise_text(text: pl.Expr) -> pl.Expr:
    """Text as near-duplicate detection compares it: NFKC, lower-case, URLs, @mentions, digits,
    punctuation and symbols (emoji included) removed, white space collapsed."""
    return (
        text.str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(r"(?:https?://|www\.)\S*", " ")
        .str.replace_all(r"@\w+", " ")
        .str.replace_all(r"[^\p{L}\s]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


_FEW_SOURCES = """
insert into gaming_found
with

received as (
    select week_start, platform, target_id as account_id, source_id, count(*) as n,
    from int_interactions
    group by all
),

ranked as (
    select *,
        row_number() over (partition by week_start, platform, account_id
            order by n desc, source_id) as position,
        sum(n) over (partition by week_start, platform, account_id) as total,
        count(*) over (partition by week_start, platform, account_id) as sources,
    from received
),

tops as (
    select week_start, platform, account_id,
        any_value(total) as total,
        any_value(sources) as sources,
        sum(n) filter (where position <= $top) as top_n,
        list(source_id order by position) filter (where position <= $top) as top_sources,
    from ranked
    group by all
)

select week_start, platform, account_id, 'few_sources' as signal,
    top_n / total as value,
    $share as threshold,
    printf('%d of the %d interactions it received this week came from %d account%s (%.0f%%); '
        || '%d account%s interacted with it in all',
        top_n, total, len(top_sources), case when len(top_sources) = 1 then '' else 's' end,
        100 * top_n / total, sources, case when sources = 1 then '' else 's' end) as evidence,
    top_sources as related_accounts,
from tops
where total >= $min_received and top_n >= $share * total - $epsilon
"""

_RING_EDGES = """
create or replace temp table gaming_ring_edges as
with reposts as (
    select week_start, platform, source_id, target_id, count(*) as n,
    from int_interactions
    where interaction = 'repost'
    group by all
)
select a.week_start, a.platform, a.source_id as account_id, a.target_id as partner,
    a.n as reposted, b.n as reposted_back,
from reposts as a
join reposts as b
    on b.week_start = a.week_start and b.platform = a.platform
    and b.source_id = a.target_id and b.target_id = a.source_id
where a.n >= $min_reposts and b.n >= $min_reposts
"""

# One step of min-label propagation over the (symmetric) mutual-repost edges.
_RING_STEP = """
create or replace temp table gaming_ring_next as
select labels.week_start, labels.platform, labels.account_id,
    least(any_value(labels.label), min(neighbours.label)) as label,
from gaming_ring_labels as labels
join gaming_ring_edges as edges using (week_start, platform, account_id)
join gaming_ring_labels as neighbours
    on neighbours.week_start = edges.week_start and neighbours.platform = edges.platform
    and neighbours.account_id = edges.partner
group by all
"""

_RING_CHANGED = """
select count(*) from gaming_ring_next
join gaming_ring_labels using (week_start, platform, account_id)
where gaming_ring_next.label <> gaming_ring_labels.label
"""

_RING = """
insert into gaming_found
with

groups as (
    select week_start, platform, label,
        list(account_id order by account_id) as members, count(*) as size,
    from gaming_ring_labels
    group by all
    having count(*) >= $min_size
),

flows as (
    select week_start, platform, account_id,
        sum(reposted) as reposted, sum(reposted_back) as reposted_back,
    from gaming_ring_edges
    group by all
)

select labels.week_start, labels.platform, labels.account_id, 'repost_ring' as signal,
    groups.size::double as value,
    $min_size as threshold,
    printf('one of %d accounts linked by mutual reposts this week (each link: both reposted '
        || 'the other at least %d times); it reposted its ring partners %d times and they '
        || 'reposted it %d times',
        groups.size, $min_reposts, flows.reposted, flows.reposted_back) as evidence,
    [member for member in groups.members if member <> labels.account_id] as related_accounts,
from gaming_ring_labels as labels
join groups using (week_start, platform, label)
join flows using (week_start, platform, account_id)
"""

_BURST = """
insert into gaming_found
with

context as (select * from build_context),

hits as (
    select week_start, platform, target_id as account_id, source_id, created_at,
    from int_interactions as interactions
    where list_contains($kinds, interaction)
        and not exists (
            select 1 from stg_host_accounts as hosts
            where hosts.is_host and hosts.platform = interactions.platform
                and hosts.account_id = interactions.target_id
        )
),

counted as (
    select *,
        count(*) over (partition by week_start, platform, account_id order by created_at
            range between current row and interval {window_us} microseconds following) as n,
    from hits
),

peaks as (
    select week_start, platform, account_id, created_at as window_start, n,
    from counted
    where n >= $min
    qualify row_number() over (partition by week_start, platform, account_id
        order by n desc, created_at) = 1
),

sources as (
    select peaks.week_start, peaks.platform, peaks.account_id,
        list(distinct hits.source_id order by hits.source_id) as sources,
    from peaks
    join hits
        on hits.week_start = peaks.week_start and hits.platform = peaks.platform
        and hits.account_id = peaks.account_id
        and hits.created_at >= peaks.window_start
        and hits.created_at <= peaks.window_start + interval {window_us} microseconds
    group by all
)

select peaks.week_start, peaks.platform, peaks.account_id, 'burst' as signal,
    peaks.n::double as value,
    $min as threshold,
    printf('%d mentions and reposts of it within %d minutes, from %s (%s), by %d account%s',
        peaks.n, $minutes,
        strftime(timezone(context.timezone, peaks.window_start), '%Y-%m-%d %H:%M'),
        context.timezone, len(sources.sources),
        case when len(sources.sources) = 1 then '' else 's' end) as evidence,
    sources.sources as related_accounts,
from peaks
join sources using (week_start, platform, account_id)
cross join context
"""

_DUPLICATE_CANDIDATES = """
select week_start, platform, author_id, post_id, text,
from int_week_posts
where kind <> 'repost'
qualify count(*) over (partition by week_start, platform, author_id) >= $min_posts
"""

# Identical normalised texts are compared once (`copies` counts them), so an account posting
# one sentence a thousand times costs one text, not a million pairs.
_DUPLICATES = """
insert into gaming_found
with

texts as (
    select week_start, platform, author_id, normalised, count(*) as copies,
    from gaming_texts
    where len(string_split(normalised, ' ')) >= $min_words
    group by all
),

shingles as (
    select distinct week_start, platform, author_id, normalised,
        unnest(case when len(w) < {n} then [normalised] else
            [array_to_string(w[i:i + {n} - 1], ' ') for i in range(1, len(w) - {n} + 2)]
            end) as shingle,
    from (select *, string_split(normalised, ' ') as w from texts)
),

sizes as (
    select week_start, platform, author_id, normalised, count(*) as k,
    from shingles
    group by all
),

shared as (
    select a.week_start, a.platform, a.author_id, a.normalised as text_a,
        b.normalised as text_b, count(*) as common,
    from shingles as a
    join shingles as b
        on b.week_start = a.week_start and b.platform = a.platform
        and b.author_id = a.author_id and b.shingle = a.shingle
        and b.normalised <> a.normalised
    group by all
),

near as (
    select shared.week_start, shared.platform, shared.author_id, shared.text_a,
        shared.text_b,
    from shared
    join sizes as size_a
        on size_a.week_start = shared.week_start and size_a.platform = shared.platform
        and size_a.author_id = shared.author_id and size_a.normalised = shared.text_a
    join sizes as size_b
        on size_b.week_start = shared.week_start and size_b.platform = shared.platform
        and size_b.author_id = shared.author_id and size_b.normalised = shared.text_b
    where shared.common >= $jaccard * (size_a.k + size_b.k - shared.common) - $epsilon
),

-- For each distinct text: its own copies plus the copies of every text near-identical to it.
neighbourhoods as (
    select texts.week_start, texts.platform, texts.author_id, texts.normalised,
        any_value(texts.copies) + coalesce(sum(others.copies), 0) as size,
    from texts
    left join near
        on near.week_start = texts.week_start and near.platform = texts.platform
        and near.author_id = texts.author_id and near.text_a = texts.normalised
    left join texts as others
        on others.week_start = near.week_start and others.platform = near.platform
        and others.author_id = near.author_id and others.normalised = near.text_b
    group by all
),

groups as (
    select *,
    from neighbourhoods
    qualify row_number() over (partition by week_start, platform, author_id
        order by size desc, normalised) = 1
),

posted as (
    select week_start, platform, author_id, count(*) as posts,
    from gaming_texts
    group by all
)

select groups.week_start, groups.platform, groups.author_id as account_id,
    'near_duplicates' as signal,
    groups.size::double as value,
    $min_posts as threshold,
    printf('%d of its %d posts this week read (nearly) the same once normalised, like: "%s"',
        groups.size, posted.posts,
        case when length(groups.normalised) > 80 then left(groups.normalised, 79) || '…'
            else groups.normalised end) as evidence,
    []::varchar[] as related_accounts,
from groups
join posted using (week_start, platform, author_id)
where groups.size >= $min_posts
"""

# An account in several copied groups of a week is flagged once, for its largest group.
_COPIED = """
insert into gaming_found
with

answers as (
    select distinct week_start, platform, author_id, author_handle, normalised,
    from gaming_answers
    where len(string_split(normalised, ' ')) >= $min_words
),

groups as (
    select week_start, platform, normalised,
        list(distinct author_id order by author_id) as authors,
        count(distinct author_id) as size,
    from answers
    group by all
    having count(distinct author_id) >= $min_accounts
),

chosen as (
    select answers.week_start, answers.platform, answers.author_id, groups.normalised,
        groups.size, groups.authors,
    from answers
    join groups using (week_start, platform, normalised)
    qualify row_number() over (partition by answers.week_start, answers.platform,
        answers.author_id order by groups.size desc, groups.normalised) = 1
),

named as (
    select chosen.week_start, chosen.platform, chosen.author_id,
        list(distinct '@' || others.author_handle order by '@' || others.author_handle)
            as handles,
    from chosen
    join answers as others
        on others.week_start = chosen.week_start and others.platform = chosen.platform
        and others.normalised = chosen.normalised and others.author_id <> chosen.author_id
    group by all
)

select chosen.week_start, chosen.platform, chosen.author_id as account_id,
    'copied_answers' as signal,
    chosen.size::double as value,
    $min_accounts as threshold,
    printf('%d accounts answered with the same text this week, once normalised: "%s"; '
        || 'the others: %s%s',
        chosen.size,
        case when length(chosen.normalised) > 80 then left(chosen.normalised, 79) || '…'
            else chosen.normalised end,
        array_to_string(named.handles[1:$named], ', '),
        case when len(named.handles) > $named
            then printf(' and %d more', len(named.handles) - $named) else '' end) as evidence,
    [author for author in chosen.authors if author <> chosen.author_id] as related_accounts,
from chosen
join named using (week_start, platform, author_id)
"""

_SIGNALS = """
select (select chat from build_context) as chat, found.week_start, weeks.week_label,
    found.platform, found.account_id, found.signal, found.value, found.threshold,
    found.evidence, found.related_accounts,
from gaming_found as found
join int_chat_weeks as weeks using (week_start)
"""


def _few_sources(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        _FEW_SOURCES,
        {
            "top": FEW_SOURCES_TOP,
            "share": FEW_SOURCES_SHARE,
            "min_received": FEW_SOURCES_MIN_RECEIVED,
            "epsilon": _EPSILON,
        },
    )


def _repost_rings(con: duckdb.DuckDBPyConnection) -> None:
    """Connected groups of the mutual-repost graph by min-label propagation (a few rounds:
    the graph holds only pairs that reposted each other RING_MIN_REPOSTS times)."""
    con.execute(_RING_EDGES, {"min_reposts": RING_MIN_REPOSTS})
    con.execute(
        "create or replace temp table gaming_ring_labels as "
        "select distinct week_start, platform, account_id, account_id as label "
        "from gaming_ring_edges"
    )
    while True:
        con.execute(_RING_STEP)
        row = con.execute(_RING_CHANGED).fetchone()
        con.execute(
            "create or replace temp table gaming_ring_labels as select * from gaming_ring_next"
        )
        if not row or not row[0]:
            break
    con.execute(_RING, {"min_size": RING_MIN_SIZE, "min_reposts": RING_MIN_REPOSTS})


def _bursts(con: duckdb.DuckDBPyConnection) -> None:
    window_us = BURST_WINDOW_MINUTES * 60_000_000 - 1  # [t, t + window) on microsecond instants
    con.execute(
        _BURST.format(window_us=int(window_us)),
        {"kinds": list(BURST_INTERACTIONS), "min": BURST_MIN, "minutes": BURST_WINDOW_MINUTES},
    )


def _normalised_texts(con: duckdb.DuckDBPyConnection, table: str, sql: str, **params) -> None:
    """Temp table `table`: the rows of `sql` with its `text` column normalised as `normalised`."""
    rows = con.sql(sql, params=params or None).pl()
    texts = rows.with_columns(normalise_text(pl.col("text")).alias("normalised")).drop("text")
    con.register(f"{table}_frame", texts)
    try:
        con.execute(f"create or replace temp table {table} as select * from {table}_frame")  # noqa: S608
    finally:
        con.unregister(f"{table}_frame")


def _near_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    _normalised_texts(con, "gaming_texts", _DUPLICATE_CANDIDATES, min_posts=DUPLICATE_MIN_POSTS)
    con.execute(
        _DUPLICATES.format(n=int(SHINGLE_WORDS)),
        {
            "jaccard": DUPLICATE_JACCARD,
            "min_posts": DUPLICATE_MIN_POSTS,
            "min_words": DUPLICATE_MIN_WORDS,
            "epsilon": _EPSILON,
        },
    )


def _copied_answers(con: duckdb.DuckDBPyConnection) -> None:
    _normalised_texts(
        con,
        "gaming_answers",
        "select week_start, platform, author_id, author_handle, text from int_answers",
    )
    con.execute(
        _COPIED,
        {
            "min_words": DUPLICATE_MIN_WORDS,
            "min_accounts": COPIED_MIN_ACCOUNTS,
            "named": COPIED_NAMED,
        },
    )


def build_gaming_signals(con: duckdb.DuckDBPyConnection) -> None:
    """marts.gaming_signals for the recomputed weeks: one row per flagged account-week and
    signal."""
    con.execute(
        "create or replace temp table gaming_found (week_start date, platform varchar, "
        "account_id varchar, signal varchar, value double, threshold double, evidence varchar, "
        "related_accounts varchar[])"
    )
    _few_sources(con)
    _repost_rings(con)
    _bursts(con)
    _near_duplicates(con)
    _copied_answers(con)
    replace_recomputed_weeks(con, "marts.gaming_signals", _SIGNALS)
    for table in GAMING_TEMP_TABLES:
        con.execute(f"drop table if exists {table}")


GAMING_STEP = PythonStep(
    "gaming_signals",
    build_gaming_signals,
    temp_tables=GAMING_TEMP_TABLES,
    reads=(
        "int_week_posts",
        "int_interactions",
        "int_answers",
        "int_chat_weeks",
        "stg_host_accounts",
    ),
    writes=("marts.gaming_signals",),
)
