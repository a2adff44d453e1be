"""Where each page of an output folder lives, and writing files into it atomically.

Layout under out_dir (links between pages are relative, so the folder can be moved or served):

    index.html
    assets/plotly.min.js, assets/charts.js,
    assets/report.css                               written once, shared by every page
    <chat>/community.html
    <chat>/<YYYY-Www>/sponsor.html
    <chat>/<YYYY-Www>/recap.html, recap.md
    <chat>/participants/<platform>-<safe id>.html
"""

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import plotly.offline

from reports.figures import TEMPLATE
from reports.links import page_name
from reports.queries.common import OptOut
from transforms import weeks as chat_calendar

ASSETS = "assets"
PLOTLY_JS = "plotly.min.js"
CHARTS_JS = "charts.js"
STYLESHEET = "report.css"
PARTICIPANTS = "participants"


TEMPLATE_MARKER = '/* the "chatreach" plotly template, written in by reports/site.py */ null'


def charts_script(source: Traversable) -> str:
    """assets/charts.js: the drawing code with the chatreach template written in."""
    code = source.read_text(encoding="utf-8")
    return code.replace(TEMPLATE_MARKER, json.dumps(TEMPLATE, separators=(",", ":")))


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write the file under a temporary name in its folder, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; pages are for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


MADE_ON = re.compile(rb"Made by chatreach from the warehouse on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
"""The "made on" line of base.html.j2: the one part of a page that changes on every run."""


def _same_page(path: Path, text: str) -> bool:
    """Whether the file at path is this page, its "made on" line aside. Compared as bytes, and
    only read when its size matches (the line has a fixed length)."""
    page = text.encode("utf-8")
    try:
        if path.stat().st_size != len(page):
            return False
        held = path.read_bytes()
    except FileNotFoundError:
        return False
    return MADE_ON.sub(b"", held) == MADE_ON.sub(b"", page)


@dataclass
class Site:
    """Where each page of an output folder lives, and writing into it."""

    root: Path

    @property
    def index_path(self) -> Path:
        """out_dir/index.html."""
        return self.root / "index.html"

    def community_path(self, chat: str) -> Path:
        """out_dir/<chat>/community.html."""
        return self.root / chat / "community.html"

    def sponsor_path(self, chat: str, week_start: date) -> Path:
        """out_dir/<chat>/<YYYY-Www>/sponsor.html."""
        return self.root / chat / chat_calendar.week_label(week_start) / "sponsor.html"

    def recap_path(self, chat: str, week_start: date, suffix: str = ".html") -> Path:
        """out_dir/<chat>/<YYYY-Www>/recap.html (or recap.md with suffix ".md")."""
        return self.sponsor_path(chat, week_start).with_name(f"recap{suffix}")

    def participant_path(self, chat: str, platform: str, account_id: str) -> Path:
        """out_dir/<chat>/participants/<platform>-<safe id>.html."""
        return self.root / chat / PARTICIPANTS / page_name(platform, account_id)

    def participant_pages(self, chat: str) -> set[str]:
        """File names of the participant pages of the chat that exist now."""
        folder = self.root / chat / PARTICIPANTS
        if not folder.is_dir():
            return set()
        return {name for name in os.listdir(folder) if name.endswith(".html")}

    def write(self, path: Path, text: str) -> Path:
        """Write the page atomically, unless the file there already says the same apart from
        when it was made; return its path. An unchanged page keeps its file, so a report run
        again on the same warehouse rewrites nothing (on ext4, replacing thousands of files
        costs more than making them)."""
        if not _same_page(path, text):
            write_atomic(path, text)
        return path

    def write_assets(self) -> list[Path]:
        """plotly.js, the chart drawer and the stylesheet, written only when missing or
        different."""
        written = []
        plotly_js = plotly.offline.get_plotlyjs().encode("utf-8")
        templates = resources.files("reports") / "templates"
        stylesheet = (templates / STYLESHEET).read_bytes()
        charts_js = charts_script(templates / CHARTS_JS).encode("utf-8")
        assets = ((PLOTLY_JS, plotly_js), (CHARTS_JS, charts_js), (STYLESHEET, stylesheet))
        for name, content in assets:
            path = self.root / ASSETS / name
            if (
                path.exists()
                and path.stat().st_size == len(content)
                and (name == PLOTLY_JS or path.read_bytes() == content)
            ):
                continue
            written.append(write_atomic(path, content))
        return written

    def remove_opted_out(self, chat: str, hidden: OptOut) -> None:
        """Delete the participant pages of accounts that opted out since they were written."""
        for key in hidden.keys:
            platform, _, account_id = key.partition(":")
            self.participant_path(chat, platform, account_id).unlink(missing_ok=True)
