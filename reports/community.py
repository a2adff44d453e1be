"""The community page of a chat over all its weeks: participation, retention, influence,
rising accounts, the measures added to chat_week later, gaming signals and data quality."""

from collections.abc import Callable

import polars as pl

from reports import figures, queries
from reports.pages import (
    OPTED_OUT,
    Chart,
    Column,
    PageContext,
    Table,
    base_context,
    chart_html,
    column_title,
    participant_href,
    render_template,
    value_kind,
    with_who,
)
from reports.queries import (
    ACCOUNT_WEEK,
    CHAT_WEEK,
    GAMING_SIGNALS,
)

FAMILIES = (
    ("newcomer-care", "Newcomer care", ("newcomer", "acknowledged", "first_time", "welcome")),
    ("organic-view", "Organic view (without the hosts and sponsors)", ("organic", "host")),
    (
        "conversation-health",
        "Conversation health",
        ("conversation", "pairs", "reciproc", "gini", "thread", "repl", "dialog"),
    ),
)
"""Sections of the community page for chat_week columns added after the first version, found by
words in their names; a column that matches none is shown under "Other weekly measures"."""


def _participation(weeks: pl.DataFrame) -> Chart | None:
    if not weeks.height:
        return None
    table = Table(
        [
            Column("week_label", "Week", "text"),
            Column("participants", "Participants"),
            Column("new_participants", "New"),
            Column("returning_participants", "Returning"),
            Column("retention_rate", "Retention rate", "percent"),
            Column("contributors", "Contributors"),
        ],
        weeks.to_dicts(),
        "Participants per week",
    )
    return Chart(chart_html(figures.participation_chart(weeks), "chart-participation"), table)


def _retention(context: PageContext) -> Chart | None:
    cohorts = queries.retention_cohorts(context.con, context.chat.slug, context.week_start)
    if not cohorts.height:
        return None
    wide = cohorts.pivot(
        on="weeks_later",
        index=["cohort", "cohort_label", "cohort_size"],
        values="share",
        sort_columns=False,
    ).sort("cohort")
    offsets = sorted(cohorts["weeks_later"].unique().to_list())
    table = Table(
        [Column("cohort_label", "Cohort (first week)", "text"), Column("cohort_size", "Accounts")]
        + [Column(str(n), f"+{n} wk", "percent") for n in offsets],
        wide.to_dicts(),
        "Share of each first-week cohort taking part n weeks later",
    )
    return Chart(chart_html(figures.retention_heatmap(cohorts), "chart-retention"), table)


def _influence(context: PageContext) -> dict | None:
    if not context.shape.has_column(ACCOUNT_WEEK, "influence_score"):
        return None
    bands = queries.influence_distribution(context.con, context.chat.slug, context.week_start)
    summary = (
        queries.influence_concentration(context.con, context.chat.slug, context.week_start)
        if context.shape.has_column(ACCOUNT_WEEK, "influence_pagerank")
        else None
    )
    table = Table(
        [
            Column("band_from", "Score from"),
            Column("band_to", "to (excl.)"),
            Column("accounts", "Participants"),
        ],
        bands.to_dicts(),
        "Participants of the week by influence score band (the last band includes 100)",
    )
    return {
        "chart": Chart(chart_html(figures.influence_histogram(bands), "chart-influence"), table),
        "summary": summary,
    }


def _rising(context: PageContext, weeks: pl.DataFrame, href: Callable) -> dict:
    metric_title = "Influence score"
    enough = weeks.height >= 5
    result: dict = {"metric_title": metric_title, "enough": enough, "chart": None}
    if not enough:
        return result
    frame = queries.rising_accounts(
        context.con, context.chat.slug, context.week_start, context.hidden
    )
    kind = "score"
    table = Table(
        [
            Column("position", "#", "text"),
            Column("who", "Account", "who"),
            Column("earlier_mean", "Mean, 4 weeks before", kind),
            Column("recent_mean", "Mean, last 4 weeks", kind),
            Column("gain", "Gain", kind),
            Column("recent_weeks_taken_part", "Weeks taken part (last 4)"),
        ],
        with_who(frame.to_dicts(), href),
        f"Rising accounts by mean weekly {metric_title.lower()}",
    )
    if frame.height:
        result["chart"] = Chart(
            chart_html(figures.rising_chart(frame, metric_title), "chart-rising"), table
        )
    return result


def _families(context: PageContext, weeks: pl.DataFrame) -> list[dict]:
    extra = [
        column
        for column in context.shape.columns.get(CHAT_WEEK, ())
        if column not in queries.BASE_CHAT_WEEK_COLUMNS + queries.VIEW_COLUMNS
        and column in weeks.columns
    ]
    groups: dict[str, list[str]] = {slug: [] for slug, _, _ in FAMILIES}
    groups["other-measures"] = []
    for column in extra:
        family = next(
            (slug for slug, _, words in FAMILIES if any(word in column for word in words)),
            "other-measures",
        )
        groups[family].append(column)
    titles = {slug: title for slug, title, _ in FAMILIES} | {
        "other-measures": "Other weekly measures"
    }
    sections = []
    for slug, columns in groups.items():
        if slug == "other-measures" and not columns:
            continue
        measures = []
        for column in columns:
            kind = value_kind(context.shape, CHAT_WEEK, column)
            chart = None
            if kind in ("number", "decimal", "percent"):
                figure = figures.measure_chart(weeks, column, column_title(column), kind)
                chart = chart_html(figure, f"chart-{slug}-{column.replace('_', '-')}")
            measures.append(
                {
                    "column": column,
                    "title": column_title(column),
                    "kind": kind,
                    "chart": chart,
                    "definition": context.definition(CHAT_WEEK, column),
                }
            )
        table = Table(
            [Column("week_label", "Week", "text")]
            + [
                Column(c, column_title(c), value_kind(context.shape, CHAT_WEEK, c)) for c in columns
            ],
            weeks.select("week_label", *columns).to_dicts() if columns else [],
            titles[slug],
        )
        sections.append({"slug": slug, "title": titles[slug], "measures": measures, "table": table})
    return sections


def _related_names(context: PageContext, rows: list[dict], columns: list[str]) -> dict:
    """(platform, account id) → how each account named in list columns is shown."""
    wanted = {
        (row.get("platform") or "", account)
        for row in rows
        for column in columns
        for account in (row.get(column) or [])
    }
    if not wanted:
        return {}
    accounts = pl.DataFrame(
        {"platform": [p for p, _ in wanted], "account_id": [a for _, a in wanted]},
        schema={"platform": pl.String, "account_id": pl.String},
    )
    names = queries.account_names(context.con, accounts, context.hidden)
    return {
        (row["platform"], row["account_id"]): OPTED_OUT
        if row["is_opted_out"]
        else f"@{row['handle']}"
        for row in names.to_dicts()
    }


def _gaming(context: PageContext, href: Callable) -> dict | None:
    if not context.shape.has_table(GAMING_SIGNALS):
        return None
    frame = queries.gaming_signals(
        context.con, context.chat.slug, context.week_start, context.shape, context.hidden
    )
    source = context.shape.columns[GAMING_SIGNALS]
    hidden = {"chat", "platform", "account_id"}
    if "week_start" in source:
        hidden |= {"week_start", "week_label"}  # the table holds this week's rows only
    shown = [c for c in source if c not in hidden]
    kinds = {c: value_kind(context.shape, GAMING_SIGNALS, c) for c in shown}
    lists = [c for c in shown if context.shape.types.get((GAMING_SIGNALS, c), "").endswith("[]")]
    rows = frame.to_dicts()
    related = _related_names(context, rows, [c for c in lists if "account" in c])
    redact = context.redactor()
    for row in rows:  # at most a hundred rows
        for column in lists:
            values = row.get(column) or []
            if "account" in column:
                values = [related.get((row.get("platform") or "", v), v) for v in values]
            row[column] = ", ".join(str(v) for v in values)
        for column in shown:
            if kinds[column] == "text" and isinstance(row.get(column), str):
                row[column] = redact(row[column])
    columns = []
    if "platform" in source and "account_id" in source:
        columns.append(Column("who", "Account", "who"))
        rows = with_who(rows, href)
    columns += [Column(c, column_title(c), kinds[c]) for c in shown]
    descriptions = [
        {"column": c, "definition": context.definition(GAMING_SIGNALS, c)}
        for c in source
        if context.definition(GAMING_SIGNALS, c)
    ]
    history = queries.gaming_history(
        context.con, context.chat.slug, context.week_start, context.shape
    )
    return {
        "table": Table(columns, rows, f"Gaming signals of {context.label}"),
        "history": Table(
            [Column("week_label", "Week", "text")]
            + [
                Column(c, c.replace("_", " "), "number")
                for c in history.columns
                if c not in ("week_start", "week_label")
            ],
            history.to_dicts(),
            "Signals per week, newest first",
        )
        if history.height
        else None,
        "descriptions": descriptions,
    }


def _data_quality(context: PageContext, weeks: pl.DataFrame) -> dict:
    rejected = queries.rejected_by_reason(context.con)
    accounts = queries.accounts_per_week(context.con, context.chat.slug, context.week_start)
    follower = (
        weeks.select("week_start", "week_label", "accounts_without_follower_data")
        .join(accounts, on="week_start", how="left")
        .with_columns(pl.col("accounts").fill_null(0))
    )
    gaps = weeks.filter((pl.col("posts") == 0) & (pl.col("reposts") == 0))
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
        "gaps": gaps.select("week_label", "week_start").to_dicts(),
    }


def community_page(context: PageContext) -> str:
    """The HTML of the chat's community page, over every week up to the context's."""
    weeks = queries.chat_weeks(context.con, context.chat.slug, context.week_start)
    href = participant_href(context, "")
    sponsor_pages = {
        row["week_label"]: f"{row['week_label']}/sponsor.html"
        for row in weeks.select("week_label").to_dicts()
        if (context.site.root / context.chat.slug / row["week_label"] / "sponsor.html").exists()
        or row["week_label"] == context.label
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
            participation=_participation(weeks),
            retention=_retention(context),
            influence=_influence(context),
            rising=_rising(context, weeks, href),
            families=_families(context, weeks),
            gaming=_gaming(context, href),
            quality=_data_quality(context, weeks),
            uses_charts=True,
        ),
    )
