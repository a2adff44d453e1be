"""The community page of a chat over all its weeks: who takes part, whether newcomers stay and
whether an answer helps them stay, how influence is spread, who is rising, the community
without its hosts and sponsors, conversation, gaming signals and data quality.

Each section opens with one sentence of this week's numbers (reports/sentences.py).
"""

from collections.abc import Callable
from datetime import timedelta

import polars as pl

from reports import figures, sentences
from reports.pages import (
    OPTED_OUT,
    Chart,
    Column,
    PageContext,
    Table,
    base_context,
    chart_html,
    participant_href,
    render_template,
    with_who,
)
from reports.queries import common
from reports.queries import community as queries
from schemas.dictionary import SIGNAL_RULES

PHONE_COHORTS = 6
"""Cohorts (the newest) and weeks since that the phone's retention table shows."""

SIGNAL_TITLES = {
    "few_sources": "Interactions from very few accounts",
    "repost_ring": "Ring of accounts reposting each other",
    "burst": "Burst of mentions and reposts",
    "near_duplicates": "Many near-identical posts",
    "copied_answers": "The same answer as several others",
}
"""gaming_signals.signal in words."""


def _week_table(weeks: pl.DataFrame, columns: list[Column], caption: str) -> Table:
    return Table([Column("week_label", "Week", "text"), *columns], weeks.to_dicts(), caption)


def _participation(weeks: pl.DataFrame) -> Chart | None:
    if not weeks.height:
        return None
    table = _week_table(
        weeks,
        [
            Column("participants", "Participants"),
            Column("new_participants", "New"),
            Column("returning_participants", "Returning"),
            Column("retention_rate", "Retention rate", "percent"),
            Column("contributors", "Contributors"),
        ],
        "Participants per week",
    )
    return Chart(chart_html(figures.participation_chart(weeks), "chart-participation"), table)


def _retention(context: PageContext, cohorts: pl.DataFrame) -> dict | None:
    if not cohorts.height:
        return None
    grid = queries.retention_grid(cohorts)

    def table(rows: pl.DataFrame, shown: list[int], caption: str) -> Table:
        return Table(
            [
                Column("cohort_label", "Cohort (first week)", "text"),
                Column("cohort_size", "Accounts"),
            ]
            + [Column(str(n), f"+{n} wk", "percent") for n in shown],
            rows.to_dicts(),
            caption,
        )

    four_back = cohorts.filter(
        (pl.col("weeks_later") == 4) & (pl.col("cohort") == context.week_start - timedelta(weeks=4))
    )
    return {
        "sentence": sentences.retention(four_back.to_dicts()[0] if four_back.height else None),
        "chart": Chart(
            chart_html(figures.retention_heatmap(grid), "chart-retention"),
            table(
                grid.rows, grid.offsets, "Share of each first-week cohort taking part n weeks later"
            ),
        ),
        "phone": table(
            grid.rows.tail(PHONE_COHORTS),
            grid.offsets[:PHONE_COHORTS],
            f"The {PHONE_COHORTS} newest cohorts, up to {PHONE_COHORTS - 1} weeks later",
        ),
    }


def _newcomer_care(weeks: pl.DataFrame) -> Chart | None:
    if not weeks.height:
        return None
    # whether the latest week's newcomers come back is known only next week
    latest = pl.col("week_start") == weeks["week_start"].max()
    shown = weeks.with_columns(
        pl.when(latest).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("acknowledged_return_rate", "unacknowledged_return_rate")
    )
    table = _week_table(
        shown,
        [
            Column("new_participants", "Newcomers"),
            Column("newcomers_acknowledged", "Acknowledged"),
            Column("newcomer_care_rate", "Share acknowledged", "percent"),
            Column("acknowledged_newcomers_returned", "Acknowledged who came back"),
            Column("acknowledged_return_rate", "Their return rate", "percent"),
            Column("unacknowledged_newcomers_returned", "Others who came back"),
            Column("unacknowledged_return_rate", "Their return rate", "percent"),
        ],
        "Newcomers per week: acknowledged or not, and who came back the week after",
    )
    return Chart(chart_html(figures.newcomer_care_chart(shown), "chart-newcomer-care"), table)


def _organic(weeks: pl.DataFrame) -> Chart | None:
    if not weeks.height:
        return None
    table = _week_table(
        weeks,
        [
            Column("organic_participants", "Participants"),
            Column("organic_new_participants", "New participants"),
            Column("organic_posts", "Posts"),
            Column("organic_impressions", "Impressions"),
            Column("organic_reach", "Reach"),
            Column("organic_engagements", "Engagements received"),
        ],
        "The chat per week without its hosts and sponsors",
    )
    return Chart(chart_html(figures.organic_chart(weeks), "chart-organic"), table)


def _conversation(weeks: pl.DataFrame) -> Chart | None:
    if not weeks.height:
        return None
    table = _week_table(
        weeks,
        [
            Column("interacting_pairs", "Pairs who interacted"),
            Column("reciprocity_rate", "Both ways", "percent"),
            Column("conversational_share", "Posts talking to someone", "percent"),
            Column("participation_gini", "Gini of posts per participant", "decimal"),
        ],
        "Conversation per week",
    )
    return Chart(chart_html(figures.conversation_chart(weeks), "chart-conversation"), table)


def _influence(context: PageContext) -> Chart:
    bands = queries.influence_distribution(context.con, context.chat.slug, context.week_start)
    table = Table(
        [
            Column("band_from", "Score from"),
            Column("band_to", "to (excl.)"),
            Column("accounts", "Participants"),
        ],
        bands.to_dicts(),
        "Participants of the week by influence score band (the last band includes 100)",
    )
    return Chart(chart_html(figures.influence_histogram(bands), "chart-influence"), table)


def _rising(context: PageContext, weeks: pl.DataFrame, href: Callable) -> dict:
    enough = weeks.height >= 5
    result: dict = {"enough": enough, "chart": None}
    if not enough:
        return result
    frame = queries.rising_accounts(
        context.con, context.chat.slug, context.week_start, context.hidden
    )
    table = Table(
        [
            Column("position", "#", "text"),
            Column("who", "Account", "who"),
            Column("earlier_mean", "Mean, 4 weeks before", "score"),
            Column("recent_mean", "Mean, last 4 weeks", "score"),
            Column("gain", "Gain", "score"),
            Column("recent_weeks_taken_part", "Weeks taken part (last 4)"),
        ],
        with_who(frame.to_dicts(), href),
        "Rising accounts by mean weekly influence score",
    )
    if frame.height:
        result["chart"] = Chart(
            chart_html(figures.rising_chart(frame, "Influence score"), "chart-rising"), table
        )
    return result


def _related_names(context: PageContext, rows: list[dict]) -> dict:
    """(platform, account id) → how each account of related_accounts is shown."""
    wanted = {(row["platform"], a) for row in rows for a in (row["related_accounts"] or [])}
    if not wanted:
        return {}
    accounts = pl.DataFrame(
        {"platform": [p for p, _ in wanted], "account_id": [a for _, a in wanted]},
        schema={"platform": pl.String, "account_id": pl.String},
    )
    names = common.account_names(context.con, accounts, context.hidden)
    return {
        (row["platform"], row["account_id"]): OPTED_OUT
        if row["is_opted_out"]
        else f"@{row['handle']}"
        for row in names.to_dicts()
    }


def _gaming(context: PageContext, href: Callable) -> dict:
    frame = queries.gaming_signals(
        context.con, context.chat.slug, context.week_start, context.hidden
    )
    rows = frame.to_dicts()
    related = _related_names(context, rows)
    redact = context.redactor()
    for row in rows:  # at most a hundred rows
        row["signal"] = SIGNAL_TITLES.get(row["signal"], row["signal"])
        row["evidence"] = redact(row["evidence"] or "")
        row["related_accounts"] = ", ".join(
            related.get((row["platform"], a), a) for a in (row["related_accounts"] or [])
        )
    history = queries.gaming_history(context.con, context.chat.slug, context.week_start)
    signal_columns = [c for c in history.columns if c not in ("week_start", "week_label")]
    return {
        "count": len(rows),
        "table": Table(
            [
                Column("who", "Account", "who"),
                Column("signal", "Signal", "text"),
                Column("value", "Measured", "decimal"),
                Column("threshold", "Threshold", "decimal"),
                Column("evidence", "Evidence", "text"),
                Column("related_accounts", "Accounts involved", "text"),
            ],
            with_who(rows, href),
            f"Gaming signals of {context.label}",
        ),
        "history": Table(
            [Column("week_label", "Week", "text")]
            + [Column(c, SIGNAL_TITLES.get(c, c), "number") for c in signal_columns],
            history.to_dicts(),
            "Signals per week, newest first",
        )
        if history.height
        else None,
        "signals": [
            {"title": SIGNAL_TITLES[name], "rule": rule[0].upper() + rule[1:]}
            for name, rule in SIGNAL_RULES.items()
        ],
    }


def _data_quality(context: PageContext, weeks: pl.DataFrame) -> dict:
    rejected = queries.rejected_by_reason(context.con)
    accounts = queries.accounts_per_week(context.con, context.chat.slug, context.week_start)
    follower = (
        weeks.select("week_start", "week_label", "accounts_without_follower_data")
        .join(accounts, on="week_start", how="left")
        .with_columns(pl.col("accounts").fill_null(0))
    )
    follower_chart = None
    if follower.height:
        follower_chart = Chart(
            chart_html(figures.follower_data_chart(follower), "chart-follower-data"),
            Table(
                [
                    Column("week_label", "Week", "text"),
                    Column("accounts", "Accounts"),
                    Column("accounts_without_follower_data", "Without follower data"),
                ],
                follower.to_dicts(),
                "Accounts without follower data per week",
            ),
        )
    low = weeks.filter(pl.col("is_low_data"))
    return {
        "rejected_total": queries.rejected_total(context.con),
        "rejected": Table(
            [
                Column("source", "Source", "text"),
                Column("record_kind", "Record kind", "text"),
                Column("reason", "Reason", "text"),
                Column("records", "Records"),
            ],
            rejected.to_dicts(),
            "Records held in quarantine, by reason",
        ),
        "follower_chart": follower_chart,
        "gaps": weeks.filter((pl.col("posts") == 0) & (pl.col("reposts") == 0)).to_dicts(),
        "low": _week_table(
            low,
            [
                Column("posts", "Posts"),
                Column("trailing_median_posts", "Usual (median)", "decimal"),
                Column("trailing_weeks", "Weeks it is over"),
            ],
            "Weeks with far fewer posts than usual",
        )
        if low.height
        else None,
    }


def _this_and_previous(weeks: pl.DataFrame, context: PageContext) -> tuple[dict | None, ...]:
    rows = {row["week_start"]: row for row in weeks.to_dicts()}
    return rows.get(context.week_start), rows.get(context.week_start - timedelta(weeks=1))


def community_page(context: PageContext) -> str:
    """The HTML of the chat's community page, over every week up to the context's."""
    weeks = common.chat_weeks(context.con, context.chat.slug, context.week_start)
    cohorts = queries.retention_cohorts(context.con, context.chat.slug, context.week_start)
    week, previous = _this_and_previous(weeks, context)
    href = participant_href(context, "")
    sponsor_pages = {
        row["week_label"]: f"{row['week_label']}/sponsor.html"
        for row in weeks.select("week_label").to_dicts()
        if (context.site.root / context.chat.slug / row["week_label"] / "sponsor.html").exists()
        or row["week_label"] == context.label
    }
    said = {
        "participation": sentences.participation(week, previous) if week else "",
        "newcomer_care": sentences.newcomer_care(previous),
        "influence": sentences.influence(week) if week else "",
        "organic": sentences.organic(week) if week else "",
        "conversation": sentences.conversation(week) if week else "",
        "low_data": sentences.low_data(week) if week else "",
    }
    return render_template(
        "community.html.j2",
        **base_context(
            context,
            "../",
            "",
            f"#{context.chat.hashtags[0]} community report",
            weeks_count=weeks.height,
            first_week=weeks["week_label"][0] if weeks.height else None,
            sponsor_pages=sponsor_pages,
            said=said,
            participation=_participation(weeks),
            retention=_retention(context, cohorts),
            newcomer_care=_newcomer_care(weeks),
            influence=_influence(context),
            rising=_rising(context, weeks, href),
            organic=_organic(weeks),
            conversation=_conversation(weeks),
            gaming=_gaming(context, href),
            quality=_data_quality(context, weeks),
            uses_charts=True,
        ),
    )
