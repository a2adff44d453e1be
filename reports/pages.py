"""What every page shares: the templates, tables and charts, the page context, and how
accounts and posts are shown (opted-out accounts never by name)."""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import duckdb
import jinja2
import polars as pl
from markupsafe import Markup, escape
from plotly.io.json import to_json_plotly

from config.chat import ChatSettings
from reports import figures, glossary
from reports import format as fmt
from reports.links import page_name, post_url, safe_href
from reports.queries.common import OptOut, Shape, week_has_scores
from reports.site import PARTICIPANTS, Site
from transforms import weeks as chat_calendar

OPTED_OUT = figures.OPTED_OUT
POST_TEXT_LIMIT = 500


def now_utc() -> datetime:
    """This instant in UTC, to the second (the "made on" line of the pages)."""
    return datetime.now(UTC).replace(microsecond=0)


def cell(value: object, kind: str = "number") -> str:
    """A table cell's text for its kind of value."""
    if kind == "number":
        return fmt.number(value)  # type: ignore[arg-type]
    if kind == "percent":
        return fmt.percent(value)  # type: ignore[arg-type]
    if kind == "score":
        return fmt.score(value)  # type: ignore[arg-type]
    if kind == "points":
        return fmt.points(value)  # type: ignore[arg-type]
    if kind == "decimal":
        return fmt.decimal(value)  # type: ignore[arg-type]
    if kind == "date":
        return fmt.day(value)  # type: ignore[arg-type]
    if kind == "duration":
        return fmt.duration(value)  # type: ignore[arg-type]
    if kind == "bool":
        return fmt.MISSING if value is None else ("yes" if value else "no")
    return fmt.MISSING if value is None else str(value)


NUMERIC_KINDS = ("number", "percent", "score", "points", "decimal", "duration")


def who_html(person: dict) -> Markup:
    """An account as who() describes it: a link to its page with its @handle, or hidden."""
    if person["opted_out"]:
        return Markup('<span class="opted-out">{}</span>').format(person["name"])
    name = (
        Markup('<a href="{}">{}</a>').format(person["href"], person["name"])
        if person["href"]
        else escape(person["name"])
    )
    if person["handle"]:
        name += Markup(' <span class="handle">{}</span>').format(person["handle"])
    return name


def td(value: object, kind: str = "text") -> Markup:
    """A table cell: numbers right-aligned (counts with their exact value as a tooltip)."""
    if kind == "who":
        return Markup("<td>") + who_html(value) + Markup("</td>")  # type: ignore[arg-type]
    text = escape(cell(value, kind))
    if kind == "number" and value is not None:
        title = escape(fmt.exact(value))  # type: ignore[arg-type]
        return Markup(f'<td class="num" title="{title}">{text}</td>')
    if kind in NUMERIC_KINDS:
        return Markup(f'<td class="num">{text}</td>')
    return Markup(f"<td>{text}</td>")


def table_bodies(
    frame: pl.DataFrame, columns: list["Column"], by: list[str]
) -> dict[tuple, Markup]:
    """The table rows (`<tr>` of `td` cells) of each group of `frame` by `by`, in frame order.

    For the thousands of participant pages of a week: each distinct value of a column is
    written once by `td` (the one definition of a cell), and polars puts the rows together.
    """
    cells = []
    for position, column in enumerate(columns):
        values = frame.select(pl.col(column.key).unique()).to_series()
        lookup = pl.DataFrame(
            {
                column.key: values,
                f"_cell{position}": [str(td(value, column.kind)) for value in values.to_list()],
            },
            schema_overrides={column.key: values.dtype},
        )
        cells.append(lookup)
    rows = frame.select(*by, *dict.fromkeys(c.key for c in columns if c.key not in by))
    for lookup in cells:
        rows = rows.join(lookup, on=lookup.columns[0], how="left", nulls_equal=True,
                         maintain_order="left")  # fmt: skip
    joined = rows.select(
        *by,
        pl.concat_str(
            [pl.lit("<tr>"), *(pl.col(f"_cell{i}") for i in range(len(columns))), pl.lit("</tr>")]
        ).alias("tr"),
    )
    grouped = joined.group_by(by, maintain_order=True).agg(pl.col("tr").str.join("\n"))
    return {tuple(row[:-1]): Markup(row[-1]) for row in grouped.iter_rows()}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=fmt.number,
        count=fmt.count,
        percent=fmt.percent,
        score=fmt.score,
        points=fmt.points,
        change=fmt.change,
        day=fmt.day,
        exact=fmt.exact,
        decimal=fmt.decimal,
        cell=cell,
        td=td,
        who=who_html,
    )
    env.globals["NUMERIC_KINDS"] = NUMERIC_KINDS
    env.globals["entry_href"] = glossary.entry_href
    return env


ENVIRONMENT = _environment()


def render_template(template: str, **context: object) -> str:
    """The named template of reports/templates rendered with the context (autoescaped)."""
    return ENVIRONMENT.get_template(template).render(**context)


def render_macro(name: str, *args: object) -> Markup:
    """One macro of macros.html.j2 rendered alone: a part that many pages share."""
    return Markup(getattr(ENVIRONMENT.get_template("macros.html.j2").module, name)(*args))


@dataclass(frozen=True)
class Column:
    """A table column: the row key, its heading and how its values are written."""

    key: str
    title: str
    kind: str = "number"


@dataclass
class Table:
    """A small table: columns and rows (dicts) of at most a few hundred rows."""

    columns: list[Column]
    rows: list[dict]
    caption: str = ""
    body: Markup | None = None
    """The rows already written as HTML (see `table_bodies`), in place of `rows`."""


@dataclass
class Chart:
    """A chart and the table with the same numbers beside it."""

    html: Markup
    table: Table


def chart_html(figure: figures.Figure, div_id: str) -> Markup:
    """The figure's title as text, its box, and its data for assets/charts.js to draw.

    The title is HTML, not plotly's, so it wraps on a phone and no legend can cover it; the
    box has the chart's height, so the page does not jump when it draws. plotly's own JSON
    encoder writes the figure (dates as ISO text, NaN as null, and `<`, `>`, `/` escaped, so
    no text from the data can end the script)."""
    layout = dict(figure["layout"])
    title = (layout.pop("title", None) or {}).get("text", "")
    height = int(layout.get("height") or 360)
    payload = to_json_plotly({"data": figure["data"], "layout": layout})
    target = escape(div_id)
    heading = Markup('<p class="chart-title" id="{}-title">{}</p>').format(div_id, title)
    return heading + Markup(
        f'<div class="chart-box" style="height:{height}px"><div id="{target}" '
        f'class="plotly-graph-div" role="group" aria-labelledby="{target}-title"></div></div>'
        f'<script type="application/json" data-chart="{target}">{payload}</script>'
    )


def value_kind(shape: Shape, table: str, column: str) -> str:
    """How a column's values are written (percent, decimal, number, bool, date, text)."""
    data_type = shape.types.get((table, column), "")
    if column.endswith(("_rate", "_share", "_ratio")) or column.startswith("share_"):
        return "percent"
    if data_type in ("DOUBLE", "FLOAT", "REAL") or data_type.startswith("DECIMAL"):
        return "decimal"
    if data_type in ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"):
        return "number"
    if data_type == "BOOLEAN":
        return "bool"
    if data_type == "DATE":
        return "date"
    return "text"


def column_title(column: str) -> str:
    """A column name as a heading: reciprocity_rate → "Reciprocity rate"."""
    return column.replace("_", " ").capitalize()


@dataclass
class PageContext:
    """What every page of one write needs: the warehouse, the chat-week, who is hidden."""

    con: duckdb.DuckDBPyConnection
    chat: ChatSettings
    week_start: date
    shape: Shape
    hidden: OptOut
    site: Site
    generated_at: datetime
    pages: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """The week's ISO label, YYYY-Www."""
        return chat_calendar.week_label(self.week_start)

    @property
    def zone(self) -> ZoneInfo:
        """The chat's time zone."""
        return ZoneInfo(self.chat.timezone)

    def definition(self, table: str, column: str) -> str:
        """The dictionary's wording for a column, else its warehouse COMMENT, else ""."""
        return glossary.definitions().get((table, column)) or self.shape.comments.get(
            (table, column), ""
        )

    @cached_property
    def has_scores(self) -> bool:
        """Whether the chat-week has influence scores (else pages rank by engagements)."""
        return week_has_scores(self.con, self.chat.slug, self.week_start)

    def redactor(self) -> Callable[[str], str]:
        """A function that replaces @handles of opted-out accounts in a text."""
        return handle_redactor(self.hidden.handles)


def handle_redactor(handles: Collection[str]) -> Callable[[str], str]:
    """A function that replaces these @handles in a text with the opted-out placeholder.

    A Mastodon handle `name@instance` is also found in its short form `@name`, as statuses
    show local mentions, but not as `@name@another.instance`, which is someone else.
    """
    if not handles:
        return lambda text: text
    full = [re.escape(h) for h in handles]
    local = [re.escape(h.split("@")[0]) for h in handles if "@" in h.strip("@")]
    pattern = "@(?:" + "|".join(full) + r")(?![0-9A-Za-z_])"
    if local:
        pattern += "|@(?:" + "|".join(local) + r")(?![0-9A-Za-z_]|@[0-9A-Za-z])"
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda text: compiled.sub("@[" + OPTED_OUT + "]", text)


def who(
    platform: str,
    account_id: str,
    handle: str | None,
    display_name: str | None,
    is_opted_out: bool,
    href: str | None,
) -> dict:
    """How an account is shown: name, @handle and a link to its page; or hidden."""
    if is_opted_out:
        return {"opted_out": True, "name": OPTED_OUT, "handle": None, "href": None}
    handle = handle or account_id
    return {
        "opted_out": False,
        "name": display_name or f"@{handle}",
        "handle": f"@{handle}" if display_name else None,
        "href": href,
    }


def participant_href(context: PageContext, base: str) -> Callable[[str, str], str | None]:
    """A function giving the link to an account's page from a page at `base`, if it exists."""

    def href(platform: str, account_id: str) -> str | None:
        name = page_name(platform, account_id)
        if name in context.pages and not context.hidden.has(platform, account_id):
            return f"{base}{PARTICIPANTS}/{name}"
        return None

    return href


def with_who(rows: list[dict], href: Callable[[str, str], str | None]) -> list[dict]:
    """The rows with a "who" entry: how each row's account is shown."""
    for row in rows:
        row["who"] = who(
            row["platform"],
            row["account_id"],
            row.get("handle"),
            row.get("display_name"),
            bool(row.get("is_opted_out")),
            href(row["platform"], row["account_id"]),
        )
    return rows


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def post_items(
    frame: pl.DataFrame, context: PageContext, href: Callable[[str, str], str | None]
) -> list[dict]:
    """Posts (at most a handful) as the templates show them, opted-out handles redacted."""
    redact = context.redactor()
    items = []
    for row in frame.to_dicts():
        created = row["created_at"].astimezone(context.zone)
        items.append(
            {
                "position": row["position"],
                "text": shorten(redact(row["text"]), POST_TEXT_LIMIT),
                "kind": row["kind"],
                "when": f"{fmt.day(created)}, {created:%H:%M}",
                "who": who(
                    row["platform"],
                    row["author_id"],
                    row["handle"],
                    row["display_name"],
                    False,
                    href(row["platform"], row["author_id"]),
                ),
                "likes": row["like_count"],
                "reposts": row["repost_count"],
                "replies": row["reply_count"],
                "quotes": row["quote_count"],
                "engagement": row["engagement"],
                "url": post_url(row["platform"], row["post_id"], row["handle"]),
                "links": [
                    {"href": safe_href(url), "text": shorten(redact(url), 120)}
                    for url in (row["urls"] or [])[:5]
                ],
            }
        )
    return items


def base_context(
    context: PageContext, root: str, chat_base: str, title: str, **extra: object
) -> dict:
    """What every page template needs: title, relative paths, the chat, week and glossary."""
    return {
        "title": title,
        "root": root,
        "chat_base": chat_base,
        "chat": context.chat,
        "week_label": context.label,
        "generated_at": f"{context.generated_at:%Y-%m-%d %H:%M} UTC",
        "glossary": glossary.sections(),
        **extra,
    }


def week_dates(context: PageContext) -> str:
    """The week's first and last day, with the chat's time zone."""
    last_day = context.week_start + timedelta(days=6)
    return f"{fmt.day(context.week_start)} – {fmt.day(last_day)} ({context.chat.timezone})"
