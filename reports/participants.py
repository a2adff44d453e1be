"""A page per participant of the week: its weeks, reach, followers, influence, and why."""

from pathlib import Path

import polars as pl

from reports import figures, glossary, queries
from reports.links import page_name
from reports.pages import (
    Column,
    PageContext,
    Table,
    base_context,
    chart_html,
    column_title,
    render_template,
    value_kind,
    who,
)
from reports.queries import ACCOUNT_WEEK

WHY_EXTRAS = ("amplifiers", "interaction_partners", "reciprocal_partners", "reciprocity_rate")
"""account_week columns added later that explain a score; shown when they exist, with any
other column about reciprocity."""


def write_participant_pages(context: PageContext) -> list[Path]:
    """Write the page of each participant of the week (not opted out); return their paths."""
    accounts = queries.week_participants(
        context.con, context.chat.slug, context.week_start, context.hidden
    )
    if not accounts.height:
        return []
    names = queries.account_names(context.con, accounts, context.hidden)
    history = queries.participant_weeks(context.con, context.chat, context.week_start, accounts)
    context.pages = context.site.participant_pages(context.chat.slug) | {
        page_name(p, a) for p, a in accounts.select("platform", "account_id").iter_rows()
    }
    by_account = history.partition_by("platform", "account_id", as_dict=True)
    extras = why_extras(context)
    written = []
    for name in names.to_dicts():
        key = (name["platform"], name["account_id"])
        weeks = by_account.get(key)
        if weeks is None:
            continue
        html = participant_page(context, name, weeks, extras)
        path = context.site.participant_path(context.chat.slug, *key)
        written.append(context.site.write(path, html))
    return written


def why_extras(context: PageContext) -> list[str]:
    """The account_week columns beyond the first version that help explain a score."""
    columns = context.shape.columns.get(ACCOUNT_WEEK, ())
    return [c for c in columns if c in WHY_EXTRAS or "reciproc" in c]


def _week_table(weeks: pl.DataFrame, has_influence: bool) -> Table:
    columns = [Column("week_label", "Week", "text"), Column("took_part", "Took part", "bool")]
    if has_influence:
        columns.append(Column("influence_score", "Influence score", "score"))
        if "influence_rank" in weeks.columns:
            columns.append(Column("influence_rank", "Rank"))
    columns += [
        Column("reach", "Reach"),
        Column("followers_end", "Followers (end)"),
        Column("follower_change", "Follower change"),
        Column("amplified_audience", "Amplified audience"),
        Column("posts", "Posts"),
        Column("reposts", "Reposts made"),
        Column("engagements_received", "Engagements received"),
    ]
    return Table(columns, weeks.to_dicts(), "Week by week")


def participant_page(
    context: PageContext, name: dict, weeks: pl.DataFrame, extras: list[str]
) -> str:
    """The HTML of one account's page: name (from account_names), its weeks (participant_weeks)."""
    has_influence = context.shape.has_column(ACCOUNT_WEEK, "influence_score")
    this = weeks.filter(pl.col("week_start") == context.week_start).to_dicts()
    latest = this[0] if this else weeks.tail(1).to_dicts()[0]
    taken_part = weeks.filter(pl.col("took_part"))
    influence_column = "influence_score" if has_influence else "engagements_received"
    influence_title = "Influence score" if has_influence else "Engagements received"
    person = who(
        name["platform"], name["account_id"], name["handle"], name["display_name"], False, None
    )
    handle = name["handle"] or name["account_id"]
    return render_template(
        "participant.html.j2",
        **base_context(
            context,
            "../../",
            "../",
            f"@{handle} in #{context.chat.hashtags[0]}",
            who=person,
            account=name,
            weeks_taken_part=taken_part.height,
            first_week=taken_part["week_label"][0] if taken_part.height else None,
            last_week=taken_part["week_label"][-1] if taken_part.height else None,
            latest=latest,
            has_influence=has_influence,
            extras=[
                {
                    "title": column_title(column),
                    "value": latest.get(column),
                    "kind": value_kind(context.shape, ACCOUNT_WEEK, column),
                    "definition": context.definition(ACCOUNT_WEEK, column),
                }
                for column in extras
            ],
            definitions={
                column: context.definition(ACCOUNT_WEEK, column)
                for column in context.shape.columns.get(ACCOUNT_WEEK, ())
            },
            audience=chart_html(figures.participant_audience_chart(weeks), "chart-audience"),
            influence=chart_html(
                figures.participant_influence_chart(weeks, influence_column, influence_title),
                "chart-influence",
            ),
            table=_week_table(weeks, has_influence),
            glossary=[s for s in glossary.sections() if s.table == ACCOUNT_WEEK],
            uses_charts=True,
        ),
    )
