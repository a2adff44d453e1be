"""The sponsor page of a chat-week: headline numbers, the sponsor's mentions, top contributors,
the most engaging posts, questions, shared links, the lift, and the glossary."""

from collections.abc import Callable
from datetime import timedelta

import polars as pl
from markupsafe import Markup

from config.chat import text_key
from reports import figures
from reports import format as fmt
from reports.headline import HEADLINE_METRICS, views_note
from reports.links import safe_href
from reports.pages import (
    OPTED_OUT,
    Column,
    PageContext,
    Table,
    base_context,
    chart_html,
    participant_href,
    post_items,
    render_template,
    shorten,
    week_dates,
    with_who,
)
from reports.queries import common
from reports.queries import sponsor as queries
from reports.volume import week_volume

TREND_WEEKS = 12
QUESTION_TEXT_LIMIT = 280


def _headline(context: PageContext, weeks: pl.DataFrame) -> tuple[list[dict], Table]:
    recent = weeks.filter(pl.col("week_start") <= context.week_start).tail(TREND_WEEKS)
    this = recent.filter(pl.col("week_start") == context.week_start).to_dicts()
    before = recent.filter(
        pl.col("week_start") == context.week_start - timedelta(days=7)
    ).to_dicts()
    cards = []
    for metric, title in HEADLINE_METRICS:
        value = this[0][metric] if this else None
        previous = before[0][metric] if before else None
        cards.append(
            {
                "metric": metric,
                "title": title,
                "value": value,
                "previous": previous,
                "change": fmt.change(value, previous),
                "trend": fmt.trend(value, previous),
                "spark": Markup(figures.sparkline_svg(recent[metric].to_list())),
            }
        )
    table = Table(
        [Column("week_label", "Week", "text")]
        + [Column(metric, title) for metric, title in HEADLINE_METRICS],
        recent.select("week_label", *[m for m, _ in HEADLINE_METRICS]).to_dicts(),
        f"Headline numbers of the last {recent.height} weeks",
    )
    return cards, table


def _sponsor_section(context: PageContext, href: Callable[[str, str], str | None]) -> dict | None:
    if not context.chat.sponsors:
        return None
    summary = queries.sponsor_summary(context.con, context.chat, context.week_start, context.hidden)
    configured = {text_key(handle): handle for handle in context.chat.sponsors}
    rows = summary.to_dicts()
    for row in rows:
        row["name"] = (
            OPTED_OUT
            if row["is_opted_out"]
            else "@" + configured.get(row["handle_key"], row["handle_key"])
        )
    posts = queries.sponsor_posts(context.con, context.chat, context.week_start, context.hidden)
    return {
        "rows": rows,
        "posts": post_items(posts, context, href),
        "has_influence": context.has_scores,
    }


def _contributors(context: PageContext, href: Callable[[str, str], str | None]) -> dict:
    has_influence = context.has_scores
    order = "influence_score" if has_influence else "engagements_received"
    order_title = "Influence score" if has_influence else "Engagements received"
    frame = queries.top_contributors(
        context.con, context.chat.slug, context.week_start, order, context.hidden
    )
    columns = [Column("position", "#", "text"), Column("who", "Contributor", "who")]
    if has_influence:
        columns.append(Column("influence_score", "Influence score", "score"))
    columns += [
        Column("reach", "Reach"),
        Column("posts", "Posts"),
        Column("reposts", "Reposts made"),
        Column("replies_received", "Replies received"),
        Column("reposts_received", "Reposts received"),
        Column("quotes_received", "Quotes received"),
        Column("mentions_received", "Mentions received"),
        Column("likes_received", "Likes received"),
        Column("engagements_received", "Engagements received"),
    ]
    chart = None
    if frame.height:
        figure = figures.contributors_chart(frame, order, order_title)
        chart = chart_html(figure, "chart-contributors")
    return {
        "order_title": order_title,
        "has_influence": has_influence,
        "chart": chart,
        "table": Table(
            columns,
            with_who(frame.to_dicts(), href),
            f"Top {frame.height} contributors by {order_title.lower()}",
        ),
    }


def _questions(context: PageContext) -> dict | None:
    frame = common.questions(context.con, context.chat.slug, context.week_start, context.hidden)
    redact = context.redactor()
    rows = frame.to_dicts()
    for row in rows:
        row["label"] = f"Q{row['question_number']}"
        row["text"] = (
            f"(a question by {OPTED_OUT})"
            if row["is_opted_out"]
            else shorten(redact(row["question_text"] or ""), QUESTION_TEXT_LIMIT)
        )
    table = Table(
        [
            Column("label", "Question", "text"),
            Column("text", "Asked", "text"),
            Column("answers", "Answers"),
            Column("answerers", "Answerers"),
            Column("answer_engagements", "Engagements on answers"),
            Column("median_seconds_to_answer", "Median time to answer", "duration"),
            Column("new_participant_answerers", "Newcomers answering"),
        ],
        rows,
        "Questions of the week",
    )
    chart = chart_html(figures.questions_chart(frame), "chart-questions") if rows else None
    return {"table": table, "chart": chart}


def _links(context: PageContext) -> dict | None:
    frame = queries.links(context.con, context.chat.slug, context.week_start)
    redact = context.redactor()
    rows = frame.to_dicts()
    for row in rows:
        row["href"] = safe_href(row["url"])
        row["text"] = shorten(redact(row["url"]), 120)
    return {"rows": rows}


def _lift(context: PageContext) -> dict | None:
    frame = queries.lift(context.con, context.chat.slug, context.week_start)
    this = frame.filter(pl.col("week_start") == context.week_start).to_dicts()
    table = Table(
        [
            Column("week_label", "Week", "text"),
            Column("accounts_compared", "Accounts compared"),
            Column("participating_growth_median", "Growth, weeks taken part", "percent"),
            Column("nonparticipating_growth_median", "Growth, weeks not taken part", "percent"),
            Column("lift_median", "Lift", "points"),
            Column("lift_ci_low", "95% interval from", "points"),
            Column("lift_ci_high", "95% interval to", "points"),
        ],
        frame.to_dicts(),
        "Weekly follower growth of the same accounts in weeks they took part and did not",
    )
    chart = chart_html(figures.lift_chart(frame), "chart-lift") if frame.height else None
    return {"this": this[0] if this else None, "table": table, "chart": chart}


def sponsor_page(context: PageContext) -> str:
    """The HTML of the sponsor page of the context's chat-week."""
    weeks = common.chat_weeks(context.con, context.chat.slug, context.week_start)
    this = weeks.filter(pl.col("week_start") == context.week_start).to_dicts()
    cards, trend = _headline(context, weeks)
    href = participant_href(context, "../")
    posts = queries.top_posts(context.con, context.chat, context.week_start, context.hidden)
    return render_template(
        "sponsor.html.j2",
        **base_context(
            context,
            "../../",
            "../",
            f"#{context.chat.hashtags[0]} {context.label}: sponsor report",
            week=this[0] if this else None,
            week_dates=week_dates(context),
            low_data=week_volume(context.con, context.chat.slug, context.week_start).warning,
            cards=cards,
            trend=trend,
            views_note=views_note(this[0] if this else None),
            sponsor=_sponsor_section(context, href),
            contributors=_contributors(context, href),
            posts=post_items(posts, context, href),
            questions=_questions(context),
            links=_links(context),
            lift=_lift(context),
            uses_charts=True,
        ),
    )
