"""Every query the report pages run: SQL over `core` and `marts`, with bound parameters only.

Each function returns a polars frame (or a small value). The only column name put into SQL
text is a ranking column of account_week chosen by the page (`identifier`); every data value
reaches SQL as a bound parameter. `Shape` gives the pages the warehouse's column types and
comments.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from config.settings import ChatSettings, text_key

ACCOUNT_WEEK = "marts.account_week"
CHAT_WEEK = "marts.chat_week"


@dataclass(frozen=True)
class Shape:
    """The warehouse's tables and columns, with their types and COMMENTs."""

    columns: dict[str, tuple[str, ...]]
    comments: dict[tuple[str, str], str]
    types: dict[tuple[str, str], str]


def warehouse_shape(con: duckdb.DuckDBPyConnection) -> Shape:
    """The tables and columns of core, marts and quarantine, in column order."""
    rows = con.execute(
        "select schema_name || '.' || table_name, column_name, comment, data_type "
        "from duckdb_columns() "
        "where database_name = current_database() "
        "and schema_name in ('core', 'marts', 'quarantine') "
        "order by schema_name, table_name, column_index"
    ).fetchall()
    columns: dict[str, list[str]] = {}
    comments: dict[tuple[str, str], str] = {}
    types: dict[tuple[str, str], str] = {}
    for table, column, comment, data_type in rows:
        columns.setdefault(table, []).append(column)
        types[(table, column)] = data_type
        if comment:
            comments[(table, column)] = comment
    return Shape({t: tuple(c) for t, c in columns.items()}, comments, types)


def identifier(name: str) -> str:
    """A column name (taken from duckdb_columns, never from data) quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    """The result as a polars frame; DuckDB's decimal sums become integers or floats."""
    frame = con.sql(sql, params=params or {}).pl()
    casts = {
        name: pl.Int64 if dtype.scale == 0 else pl.Float64  # type: ignore[attr-defined]
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Decimal)
    }
    return frame.cast(casts) if casts else frame  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- weeks


def week_bounds(chat: ChatSettings, week_start: date) -> tuple[datetime, datetime]:
    """The instants the week starts and ends: Monday 00:00 local and the next Monday 00:00."""
    zone = ZoneInfo(chat.timezone)
    begins = datetime.combine(week_start, time(), zone)
    ends = datetime.combine(week_start + timedelta(days=7), time(), zone)
    return begins, ends


def _week_params(chat: ChatSettings, week_start: date) -> dict:
    begins, ends = week_bounds(chat, week_start)
    return {
        "chat": chat.slug,
        "week": week_start,
        "hashtag_keys": chat.hashtag_keys,
        "week_begins": begins,
        "week_ends": ends,
    }


_CHAT_POSTS = """
chat_posts as (
    select posts.*
    from core.posts as posts
    where list_has_any(posts.hashtag_keys, $hashtag_keys::varchar[])
        and posts.created_at >= $week_begins
        and posts.created_at < $week_ends
)"""
"""The chat posts of one week (METRICS.md: a hashtag key in the chat's, week in its zone)."""

_NAMES = """
names as (
    select
        keys.platform,
        keys.account_id,
        coalesce(accounts.handle, authored.author_handle, keys.account_id) as handle,
        accounts.display_name,
        list_contains($opted_out::varchar[], keys.platform || ':' || keys.account_id)
            as is_opted_out,
    from (select distinct platform, account_id from keys) as keys
    left join core.accounts as accounts using (platform, account_id)
    left join (
        select posts.platform, posts.author_id as account_id,
            arg_max(posts.author_handle, posts.created_at) as author_handle,
        from core.posts as posts
        semi join keys on posts.platform = keys.platform and posts.author_id = keys.account_id
        group by all
    ) as authored using (platform, account_id)
)"""
"""Handle and display name of the accounts in a `keys` CTE: core.accounts, else the latest
author_handle in core.posts, else the id; and whether the account opted out."""


# ---------------------------------------------------------------------------- opt-out


@dataclass(frozen=True)
class OptOut:
    """The accounts that opted out: `platform:account_id` keys and their handles (lower-case)."""

    keys: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()

    def has(self, platform: str, account_id: str) -> bool:
        """Whether this account opted out."""
        return f"{platform}:{account_id}" in self.keys


def resolve_opt_out(
    con: duckdb.DuckDBPyConnection, opt_out: Collection[str], respect_nobot: bool = True
) -> OptOut:
    """The accounts named by `platform:account_id` or `platform:handle` entries (id or handle),
    and with `respect_nobot` those whose record asks not to be indexed (#nobot, noindex, ...)."""
    platforms, values, value_keys = [], [], []
    for entry in opt_out:
        platform, _, value = entry.strip().partition(":")
        value = value.strip()
        if not platform or not value:
            continue
        platforms.append(platform.strip().lower())
        values.append(value)
        value_keys.append(text_key(value.lstrip("@")))
    if not platforms and not respect_nobot:
        return OptOut()
    rows = con.sql(
        """
        with
        wanted as (
            select unnest($platforms::varchar[]) as platform, unnest($values::varchar[]) as value,
                unnest($value_keys::varchar[]) as value_key
        ),
        known as (
            select platform, account_id, lower(handle) as handle_key from core.accounts
            union
            select platform, author_id, author_handle_key from core.posts
        ),
        matched as (
            select known.platform, known.account_id
            from known join wanted on known.platform = wanted.platform
                and (known.account_id = wanted.value or known.handle_key = wanted.value_key)
            union
            select platform, value from wanted
            union
            select platform, account_id from core.accounts
            where $respect_nobot and asks_not_to_be_indexed
        )
        select distinct matched.platform || ':' || matched.account_id as account_key,
            known.handle_key
        from matched
        left join known using (platform, account_id)
        """,
        params={
            "platforms": platforms,
            "values": values,
            "value_keys": value_keys,
            "respect_nobot": respect_nobot,
        },
    ).fetchall()
    keys = sorted({row[0] for row in rows})
    handles = sorted({row[1] for row in rows if row[1]} | set(value_keys))
    return OptOut(tuple(keys), tuple(handles))


# ---------------------------------------------------------------------------- chat weeks


def week_has_scores(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> bool:
    """Whether any account_week row of the chat-week has an influence score (pages rank by
    engagements received when none has, as before the influence step has run)."""
    found = con.execute(
        "select count(*) from marts.account_week "
        "where chat = $chat and week_start = $week and influence_score is not null",
        {"chat": chat, "week": week_start},
    ).fetchall()
    return bool(found[0][0])


def chat_weeks(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """Every chat_week row of the chat up to this week, oldest first, with all its columns."""
    return _frame(
        con,
        "select * from marts.chat_week where chat = $chat and week_start <= $up_to "
        "order by week_start",
        {"chat": chat, "up_to": up_to},
    )


def headline(con: duckdb.DuckDBPyConnection, chat: str, week_start: date) -> pl.DataFrame:
    """The chat_week headline numbers of this week and the previous one (0 to 2 rows)."""
    return _frame(
        con,
        """
        select week_start, week_label, participants, new_participants, posts, impressions,
            views, posts_with_views, platforms_without_views, reach, engagements,
        from marts.chat_week
        where chat = $chat and week_start in ($week, $week - 7)
        order by week_start
        """,
        {"chat": chat, "week": week_start},
    )


# ---------------------------------------------------------------------------- sponsor page


def top_contributors(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    order_column: str,
    opt_out: OptOut,
    limit: int = 10,
) -> pl.DataFrame:
    """The week's participants with the highest order_column, with every account_week column."""
    order = identifier(order_column)
    sql = f"""
        with
        top as (
            select *
            from marts.account_week
            where chat = $chat and week_start = $week and participated
            order by {order} desc nulls last, reach desc, platform, account_id
            limit $limit
        ),
        keys as (select platform, account_id from top),
        {_NAMES}
        select top.*, names.handle, names.display_name, names.is_opted_out,
        from top
        join names using (platform, account_id)
        order by top.{order} desc nulls last, top.reach desc, top.platform, top.account_id
    """  # noqa: S608 - the order column comes from duckdb_columns
    return _frame(
        con,
        sql,
        {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)},
    ).with_row_index("position", offset=1)


def top_posts(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
    limit: int = 5,
) -> pl.DataFrame:
    """The week's non-repost chat posts with the most likes, reposts, replies and quotes.

    Posts by opted-out accounts are left out.
    """
    sql = f"""
        with
        {_CHAT_POSTS},
        ranked as (
            select platform, post_id, author_id, author_handle, text, kind, created_at, urls,
                like_count, repost_count, reply_count, quote_count,
                like_count + repost_count + reply_count + quote_count as engagement,
            from chat_posts
            where kind <> 'repost'
                and not list_contains($opted_out::varchar[], platform || ':' || author_id)
            order by engagement desc, created_at, post_id
            limit $limit
        ),
        keys as (select platform, author_id as account_id from ranked),
        {_NAMES}
        select ranked.*, names.handle, names.display_name,
        from ranked
        join names on names.platform = ranked.platform and names.account_id = ranked.author_id
        order by engagement desc, created_at, post_id
    """  # noqa: S608 - fixed SQL fragments only
    params = _week_params(chat, week_start) | {"limit": limit, "opted_out": list(opt_out.keys)}
    params.pop("chat")
    params.pop("week")
    return _frame(con, sql, params).with_row_index("position", offset=1)


def _sponsor_params(chat: ChatSettings, week_start: date, opt_out: OptOut) -> dict:
    return {
        "chat": chat.slug,
        "week": week_start,
        "sponsor_keys": chat.sponsor_keys,
        "opted_out": list(opt_out.keys),
    }


_SPONSOR_ACCOUNTS = """
sponsor_accounts as (
    select distinct platform, account_id, handle_key
    from (
        select platform, account_id, lower(handle) as handle_key from core.accounts
        union all
        select platform, author_id, author_handle_key from core.posts
        where author_handle_key in (select handle_key from sponsors)
    )
    where handle_key in (select handle_key from sponsors)
)"""
"""The accounts of each sponsor handle in a `sponsors` CTE (handle_key)."""


def sponsor_summary(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
) -> pl.DataFrame:
    """The week's marts.sponsor_week rows, one per sponsor handle, and whether the sponsor
    opted out."""
    sql = f"""
        with
        sponsors as (select unnest($sponsor_keys::varchar[]) as handle_key),
        {_SPONSOR_ACCOUNTS}
        select
            sponsor_week.sponsor as handle_key,
            sponsor_week.posts_naming,
            sponsor_week.authors_naming as accounts_naming,
            sponsor_week.impressions_naming as impressions,
            sponsor_week.reach_of_authors as reach,
            sponsor_week.engagements_naming as engagement,
            sponsor_week.accounts_known,
            sponsor_week.own_posts,
            sponsor_week.mentions_received,
            sponsor_week.reach as own_reach,
            sponsor_week.influence_score,
            exists (
                select 1 from sponsor_accounts
                where sponsor_accounts.handle_key = sponsor_week.sponsor
                    and list_contains($opted_out::varchar[],
                        sponsor_accounts.platform || ':' || sponsor_accounts.account_id)
            ) as is_opted_out,
        from marts.sponsor_week
        where sponsor_week.chat = $chat and sponsor_week.week_start = $week
        order by sponsor_week.sponsor
    """  # noqa: S608 - fixed SQL fragments only
    params = _sponsor_params(chat, week_start, opt_out)
    return _frame(
        con,
        sql,
        {k: params[k] for k in ("chat", "week", "sponsor_keys", "opted_out")},
    )


def sponsor_posts(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    week_start: date,
    opt_out: OptOut,
    limit: int = 5,
) -> pl.DataFrame:
    """The week's most engaging marts.sponsor_posts, each post once (opted-out authors left
    out), with their text and counts from core.posts."""
    sql = f"""
        with
        once as (
            select distinct on (platform, post_id) *
            from marts.sponsor_posts
            where chat = $chat and week_start = $week
                and list_contains($sponsor_keys::varchar[], sponsor)
                and not list_contains($opted_out::varchar[], platform || ':' || author_id)
            order by platform, post_id, sponsor
        ),
        ranked as (
            select once.sponsor as handle_key, once.platform, once.post_id, once.author_id,
                posts.text, posts.kind, once.created_at, posts.urls,
                posts.like_count, posts.repost_count, posts.reply_count, posts.quote_count,
                once.engagements as engagement,
            from once
            join core.posts as posts using (platform, post_id)
            order by engagement desc, created_at, post_id
            limit $limit
        ),
        keys as (select platform, author_id as account_id from ranked),
        {_NAMES}
        select ranked.*, names.handle, names.display_name,
        from ranked
        join names on names.platform = ranked.platform and names.account_id = ranked.author_id
        order by engagement desc, created_at, post_id
    """  # noqa: S608 - fixed SQL fragments only
    params = _sponsor_params(chat, week_start, opt_out) | {"limit": limit}
    return _frame(con, sql, params).with_row_index("position", offset=1)


def questions(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut
) -> pl.DataFrame:
    """The week's question_week rows, by question number; is_opted_out when its author opted
    out."""
    return _frame(
        con,
        """
        select question_number, question_post_id, question_platform, question_author_id,
            question_created_at, question_text, answers, answerers, answer_engagements,
            median_seconds_to_answer, p90_seconds_to_answer, new_participant_answerers,
            list_contains($opted_out::varchar[], question_platform || ':' || question_author_id)
                as is_opted_out,
        from marts.question_week
        where chat = $chat and week_start = $week
        order by question_number, question_post_id
        """,
        {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys)},
    )


def links(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, limit: int = 10
) -> pl.DataFrame:
    """The week's most shared links: most shares, then sharers, then reposts."""
    return _frame(
        con,
        """
        select url, domain, shares, sharers, reposts
        from marts.link_week
        where chat = $chat and week_start = $week
        order by shares desc, sharers desc, reposts desc, url
        limit $limit
        """,
        {"chat": chat, "week": week_start, "limit": limit},
    ).with_row_index("position", offset=1)


def lift(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """The chat_lift rows of the chat up to this week, oldest first."""
    return _frame(
        con,
        """
        select chat_lift.week_start, chat_week.week_label, chat_lift.window_weeks,
            chat_lift.accounts_compared, chat_lift.lift_median,
            chat_lift.participating_growth_median, chat_lift.nonparticipating_growth_median,
            chat_lift.lift_ci_low, chat_lift.lift_ci_high,
        from marts.chat_lift
        left join marts.chat_week using (chat, week_start)
        where chat_lift.chat = $chat and chat_lift.week_start <= $up_to
        order by chat_lift.week_start
        """,
        {"chat": chat, "up_to": up_to},
    )


# ---------------------------------------------------------------------------- community page


def retention_cohorts(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """marts.cohort_retention up to this week: per first-week cohort and weeks since, the share
    of the cohort taking part that week (weeks_later 0 is the cohort's own week)."""
    return _frame(
        con,
        """
        select cohort_week_start as cohort, cohort_week_label as cohort_label, cohort_size,
            weeks_since::bigint as weeks_later, participants as active, share,
        from marts.cohort_retention
        where chat = $chat and week_start <= $up_to
        order by cohort_week_start, weeks_since
        """,
        {"chat": chat, "up_to": up_to},
    )


def influence_distribution(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date
) -> pl.DataFrame:
    """The week's participants counted by influence_score band (0–10, 10–20, …, 90–100)."""
    return _frame(
        con,
        """
        with
        bands as (select unnest(range(0, 10)) as band),
        scored as (
            select least(floor(influence_score / 10), 9)::bigint as band
            from marts.account_week
            where chat = $chat and week_start = $week and participated
                and influence_score is not null
        ),
        counted as (select band, count(*) as accounts from scored group by all)
        select bands.band, (bands.band * 10)::bigint as band_from,
            (bands.band * 10 + 10)::bigint as band_to,
            coalesce(counted.accounts, 0) as accounts,
        from bands left join counted using (band)
        order by bands.band
        """,
        {"chat": chat, "week": week_start},
    )


def rising_accounts(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    week_start: date,
    opt_out: OptOut,
    limit: int = 10,
) -> pl.DataFrame:
    """The week's marts.rising_accounts rows with a gain, largest first, with names."""
    sql = f"""
        with
        ranked as (
            select platform, account_id, earlier_mean_score as earlier_mean,
                recent_mean_score as recent_mean, score_gain as gain, recent_weeks_taken_part,
            from marts.rising_accounts
            where chat = $chat and week_start = $week and score_gain > 0
            order by score_gain desc, platform, account_id
            limit $limit
        ),
        keys as (select platform, account_id from ranked),
        {_NAMES}
        select ranked.*, names.handle, names.display_name, names.is_opted_out,
        from ranked join names using (platform, account_id)
        order by gain desc, platform, account_id
    """  # noqa: S608 - fixed SQL fragments only
    return _frame(
        con,
        sql,
        {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)},
    ).with_row_index("position", offset=1)


def gaming_signals(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut, limit: int = 100
) -> pl.DataFrame:
    """The chat-week's gaming_signals rows by signal and account, with the account's names."""
    return _frame(
        con,
        f"""
        with
        picked as (
            select platform, account_id, signal, value, threshold, evidence, related_accounts,
            from marts.gaming_signals
            where chat = $chat and week_start = $week
            order by signal, platform, account_id
            limit $limit
        ),
        keys as (select platform, account_id from picked),
        {_NAMES}
        select picked.*, names.handle, names.display_name, names.is_opted_out,
        from picked join names using (platform, account_id)
        order by signal, platform, account_id
        """,  # noqa: S608 - _NAMES is our own SQL
        {"chat": chat, "week": week_start, "limit": limit, "opted_out": list(opt_out.keys)},
    )


def gaming_history(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, weeks: int = 12
) -> pl.DataFrame:
    """Flags per week and signal over the last weeks, newest first (a column per signal)."""
    frame = _frame(
        con,
        """
        select week_start, week_label, signal, count(*) as signals,
        from marts.gaming_signals
        where chat = $chat and week_start <= $week and week_start > $week - $days
        group by all
        order by week_start desc, signal
        """,
        {"chat": chat, "week": week_start, "days": 7 * weeks},
    )
    if not frame.height:
        return frame
    wide = frame.pivot(on="signal", index=["week_start", "week_label"], values="signals")
    return wide.fill_null(0)


def rejected_by_reason(con: duckdb.DuckDBPyConnection, limit: int = 30) -> pl.DataFrame:
    """Quarantined records counted by source, kind and reason (quoted values left out)."""
    return _frame(
        con,
        """
        with reasons as (
            select source, record_kind,
                regexp_replace(unnest(reasons), '''[^'']*''', '…', 'g') as reason,
            from quarantine.rejected
        )
        select source, record_kind, reason, count(*) as records,
        from reasons group by all
        order by records desc, source, record_kind, reason
        limit $limit
        """,
        {"limit": limit},
    )


def rejected_total(con: duckdb.DuckDBPyConnection) -> int:
    """How many records quarantine.rejected holds."""
    rows = con.execute("select count(*) from quarantine.rejected").fetchall()
    return int(rows[0][0])


def accounts_per_week(con: duckdb.DuckDBPyConnection, chat: str, up_to: date) -> pl.DataFrame:
    """Per week: how many account_week rows it has (the scale of accounts without follower data)."""
    return _frame(
        con,
        """
        select week_start, count(*) as accounts,
        from marts.account_week
        where chat = $chat and week_start <= $up_to
        group by all order by week_start
        """,
        {"chat": chat, "up_to": up_to},
    )


# ---------------------------------------------------------------------------- participant pages


def week_participants(
    con: duckdb.DuckDBPyConnection, chat: str, week_start: date, opt_out: OptOut
) -> pl.DataFrame:
    """The week's participants (platform, account_id) who did not opt out."""
    return _frame(
        con,
        """
        select platform, account_id
        from marts.account_week
        where chat = $chat and week_start = $week and participated
            and not list_contains($opted_out::varchar[], platform || ':' || account_id)
        order by platform, account_id
        """,
        {"chat": chat, "week": week_start, "opted_out": list(opt_out.keys)},
    )


def account_names(
    con: duckdb.DuckDBPyConnection, accounts: pl.DataFrame, opt_out: OptOut
) -> pl.DataFrame:
    """handle, display_name and is_opted_out of the accounts (platform, account_id) given."""
    con.register("accounts_named", accounts.select("platform", "account_id").unique())
    try:
        return _frame(
            con,
            f"with keys as (select * from accounts_named), {_NAMES} "  # noqa: S608 - fixed SQL
            "select * from names order by platform, account_id",
            {"opted_out": list(opt_out.keys)},
        )
    finally:
        con.unregister("accounts_named")


def participant_weeks(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    up_to: date,
    accounts: pl.DataFrame,
) -> pl.DataFrame:
    """Every chat week from each account's first account_week row to this week, with its row.

    Weeks without a row have null metrics and participated false.
    """
    con.register("accounts_wanted", accounts.select("platform", "account_id").unique())
    try:
        frame = _frame(
            con,
            """
            with
            wanted as (select * from accounts_wanted),
            rows as (
                select account_week.*
                from marts.account_week
                semi join wanted using (platform, account_id)
                where account_week.chat = $chat and account_week.week_start <= $up_to
            ),
            firsts as (
                select platform, account_id, min(week_start) as first_week from rows group by all
            ),
            weeks as (
                select week_start, week_label from marts.chat_week
                where chat = $chat and week_start <= $up_to
            ),
            grid as (
                select firsts.platform, firsts.account_id, weeks.week_start, weeks.week_label,
                from firsts join weeks on weeks.week_start >= firsts.first_week
            )
            select grid.platform, grid.account_id, grid.week_start, grid.week_label,
                coalesce(rows.participated, false) as took_part,
                rows.* exclude (chat, platform, account_id, week_start, week_label),
            from grid
            left join rows using (platform, account_id, week_start)
            order by grid.platform, grid.account_id, grid.week_start
            """,
            {"chat": chat.slug, "up_to": up_to},
        )
    finally:
        con.unregister("accounts_wanted")
    return frame


# ---------------------------------------------------------------------------- index


def index_weeks(con: duckdb.DuckDBPyConnection, chats: Iterable[str]) -> pl.DataFrame:
    """Every chat week of these chats, newest first, with its participants and posts."""
    return _frame(
        con,
        """
        select chat, week_start, week_label, participants, posts
        from marts.chat_week
        where list_contains($chats::varchar[], chat)
        order by chat, week_start desc
        """,
        {"chats": list(chats)},
    )


def index_participants(
    con: duckdb.DuckDBPyConnection, chats: Iterable[str], opt_out: OptOut
) -> pl.DataFrame:
    """Every account that took part in these chats, with its last week; newest first."""
    return _frame(
        con,
        f"""
        with
        taken_part as (
            select chat, platform, account_id, max(week_start) as last_week,
                count(*) as weeks_taken_part,
            from marts.account_week
            where list_contains($chats::varchar[], chat) and participated
            group by all
        ),
        keys as (select platform, account_id from taken_part),
        {_NAMES}
        select taken_part.*, names.handle, names.display_name, names.is_opted_out,
        from taken_part join names using (platform, account_id)
        order by chat, last_week desc, lower(names.handle), platform, account_id
        """,  # noqa: S608 - fixed SQL fragments only
        {"chats": list(chats), "opted_out": list(opt_out.keys)},
    )
