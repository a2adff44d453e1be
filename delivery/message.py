"""The weekly report as an e-mail that any mail client shows.

    multipart/mixed
      multipart/alternative
        text/plain                 the numbers as text
        multipart/related
          text/html                tables and inline styles, no script
          image/png ...            the charts, referenced as cid: (a table where none was made)
      text/html (attachment)       the full interactive report, plotly.js and CSS inlined

Mail clients run no JavaScript, so the interactive page travels as one self-contained file.
It carries plotly.js's official "basic" bundle (bar, scatter and pie: every chart of the
sponsor page), 1.2 MB instead of the full 4.8 MB, so a busy week's mail stays near 2 MB once
base64-encoded.
"""

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import jinja2

from delivery.content import WeekContent
from delivery.images import WIDTH, MailChart
from reports import format as fmt
from reports.site import PLOTLY_JS

PLOTLY_BASIC = Path(__file__).parent / "assets" / "plotly-basic.min.js"
"""plotly.js-basic-dist-min of the plotly.js version the plotly package ships (see
delivery/assets/README.md); a test checks the two versions agree."""
MAIL_SCRIPTS = {PLOTLY_JS: PLOTLY_BASIC}
BASIC_TRACES = frozenset({"bar", "scatter", "pie"})
"""The trace types the basic bundle draws."""

_STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet[\"']?[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>\s*</script\s*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("delivery", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=fmt.number, count=fmt.count, change=fmt.change, score=fmt.score)
    return env


ENVIRONMENT = _environment()


@dataclass(frozen=True)
class ChartPart:
    """A chart as the message shows it: an inline image (cid) or, without one, its table."""

    key: str
    title: str
    cid: str | None
    png: bytes | None
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def subject(content: WeekContent) -> str:
    """'#TChat 2026-W47: sponsor report', flagged when the week has suspiciously little data."""
    flag = "[Low data] " if content.volume.is_low else ""
    return f"{flag}{content.title}: sponsor report ({content.chat.slug})"


def attachment_name(content: WeekContent) -> str:
    return f"chatreach-{content.chat.slug}-{content.label}-sponsor.html"


def chart_parts(charts: Sequence[MailChart], images: Sequence[bytes | None]) -> list[ChartPart]:
    """Each chart with its image and a content id, or without either (shown as a table)."""
    parts = []
    for chart, png in zip(charts, images, strict=True):
        cid = make_msgid(idstring=chart.key, domain="chatreach.invalid")[1:-1] if png else None
        parts.append(ChartPart(chart.key, chart.title, cid, png, chart.headers, chart.rows))
    return parts


def _local_file(page_dir: Path, reference: str) -> Path | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", reference, re.IGNORECASE):
        return None  # a URL: left as it is
    path = (page_dir / reference.split("?", 1)[0].split("#", 1)[0]).resolve()
    return path if path.is_file() else None


def self_contained(page: Path, scripts: dict[str, Path] | None = None) -> str:
    """The page with its local stylesheets and scripts inlined, so it opens as one file
    (a low-data warning is part of the page itself); `scripts` swaps a script, by file name,
    for another file (MAIL_SCRIPTS: the lighter plotly.js)."""
    text = page.read_text(encoding="utf-8")
    folder = page.parent

    def stylesheet(match: re.Match[str]) -> str:
        href = _HREF.search(match[0])
        path = _local_file(folder, href[1]) if href else None
        if path is None:
            return match[0]
        css = path.read_text(encoding="utf-8").replace("</style", "<\\/style")
        return f"<style>\n{css}\n</style>"

    def script(match: re.Match[str]) -> str:
        path = _local_file(folder, match[1])
        if path is None:
            return match[0]
        path = (scripts or {}).get(path.name, path)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>\n{code}\n</script>"

    text = _STYLESHEET.sub(stylesheet, text)
    text = _SCRIPT.sub(script, text)
    return text


def report_message(
    content: WeekContent,
    charts: Sequence[ChartPart],
    attachment_html: str,
    sender: str,
) -> EmailMessage:
    """The week's message, not yet addressed: text, mail-safe HTML, images and attachment."""
    warning = content.volume.warning
    name = attachment_name(content)
    values = {
        "content": content,
        "charts": charts,
        "warning": warning,
        "attachment_name": name,
        "subject": subject(content),
        "width": WIDTH,
    }
    message = EmailMessage()
    message["Subject"] = subject(content)
    message["From"] = sender
    message.set_content(ENVIRONMENT.get_template("report.txt.j2").render(**values))
    message.add_alternative(
        ENVIRONMENT.get_template("report.html.j2").render(**values), subtype="html"
    )
    html_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(html_part, EmailMessage)
    for chart in charts:
        if chart.cid and chart.png:
            html_part.add_related(
                chart.png,
                maintype="image",
                subtype="png",
                cid=f"<{chart.cid}>",
                filename=f"{chart.key}.png",
            )
    message.add_attachment(
        attachment_html.encode("utf-8"),
        maintype="text",
        subtype="html",
        filename=name,
    )
    return message


def addressed(message: EmailMessage, recipient: str, sender: str) -> EmailMessage:
    """A copy of the message to one recipient, with its own Message-ID and Date."""
    copied = copy.deepcopy(message)
    copied["To"] = recipient
    copied["Date"] = format_datetime(datetime.now(UTC))
    copied["Message-ID"] = make_msgid(domain=_domain(sender))
    return copied


def _domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip(" >")
    return domain or "chatreach.invalid"
