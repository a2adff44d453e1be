"""A page per participant of the week: its weeks, reach, followers, influence, and why."""

from pathlib import Path

import polars as pl
from markupsafe import Markup

from reports import figures, glossary
from reports.links import page_name
from reports.pages import (
    Column,
    PageContext,
    Table,
    base_context,
    chart_html,
    column_title,
    render_macro,
    render_template,
    table_bodies,
    value_kind,
    who,
)
from reports.queries import participants as queries
from reports.queries.common import account_names

ACCOUNT_WEEK = "marts.account_week"

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
    names = account_names(context.con, accounts, context.hidden)
    history = queries.participant_weeks(context.con, context.chat, context.week_start, accounts)
    context.pages = context.site.participant_pages(context.chat.slug) | {
        page_name(p, a) for p, a in accounts.select("platform", "account_id").iter_rows()
    }
    by_account = history.partition_by("platform", "account_id", as_dict=True)
    extras = why_extras(context)
    has_influence = context.has_scores
    columns = week_columns(history, has_influence)
    bodies = table_bodies(history, columns, ["platform", "account_id"])
    glossary_html = participant_glossary()
    written = []
    for name in names.to_dicts():
        key = (name["platform"], name["account_id"])
        weeks = by_account.get(key)
        if weeks is None:
            continue
        table = Table(columns, [], "Week by week", body=bodies[key])
        html = participant_page(context, name, weeks, extras, table, glossary_html)
        path = context.site.participant_path(context.chat.slug, *key)
        written.append(context.site.write(path, html))
    return written


def why_extras(context: PageContext) -> list[str]:
    """The account_week columns beyond the first version that help explain a score."""
    columns = context.shape.columns.get(ACCOUNT_WEEK, ())
    return [c for c in columns if c in WHY_EXTRAS or "reciproc" in c]


def week_columns(weeks: pl.DataFrame, has_influence: bool) -> list[Column]:
    """The columns of a participant's week-by-week table."""
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
    return columns


GLOSSARY_EXTRA = [
    (
        "Given",
        "What this account did to other accounts in its chat posts of the week: replies to "
        "them, reposts and quotes of their posts, and mentions (for each of its non-repost "
        "posts, the distinct other accounts it mentions).",
    ),
    ("Received", "What other accounts did to this one, as defined in marts.account_week below."),
]
"""What the participant page's glossary says beyond the data dictionary."""


def participant_glossary() -> Markup:
    """The glossary of every participant page (the same on each, so rendered once)."""
    return render_macro(
        "glossary_section",
        [s for s in glossary.sections() if s.table == ACCOUNT_WEEK],
        GLOSSARY_EXTRA,
    )


def participant_page(
    context: PageContext,
    name: dict,
    weeks: pl.DataFrame,
    extras: list[str],
    table: Table,
    glossary_html: Markup,
) -> str:
    """The HTML of one account's page: name (from account_names), its weeks (participant_weeks)
    and their table."""
    has_influence = context.has_scores
    starts = weeks["week_start"].to_list()
    latest = weeks.row(
        starts.index(context.week_start) if context.week_start in starts else -1, named=True
    )
    taken_part = [
        label
        for label, took in zip(
            weeks["week_label"].to_list(), weeks["took_part"].to_list(), strict=True
        )
        if took
    ]
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
            weeks_taken_part=len(taken_part),
            first_week=taken_part[0] if taken_part else None,
            last_week=taken_part[-1] if taken_part else None,
            latest=latest,
            has_influence=has_influence,
            extras=[
                {
                    "title": column_title(column),
                    "value": latest.get(column),
                    "kind": value_kind(context.shape, ACCOUNT_WEEK, column),
                    "column": column,
                }
                for column in extras
            ],
            audience=chart_html(figures.participant_audience_chart(weeks), "chart-audience"),
            influence=chart_html(
                figures.participant_influence_chart(weeks, influence_column, influence_title),
                "chart-influence",
            ),
            table=table,
            glossary_html=glossary_html,
            uses_charts=True,
        ),
    )
