"""The plain-language metric glossary, made from the data dictionary (`schemas.dictionary`).

`python -m reports.glossary` rewrites `docs/metrics.md`; the reports show the same entries,
so the warehouse COMMENTs, the glossary file and the pages always use the same wording.
"""

import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from schemas import dictionary
from schemas.gaming_accuracy import COMMUNITIES, GAMING_ACCURACY

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "metrics.md"


def table_anchor(table: str) -> str:
    """The id of a table's heading in a page's glossary: marts.chat_week → marts-chat_week."""
    return table.replace(".", "-")


def entry_href(table: str, column: str) -> str:
    """The link to a column's entry in the page's glossary."""
    return f"#{table_anchor(table)}-{column}"


@dataclass(frozen=True)
class Entry:
    """One column of a mart and its definition."""

    column: str
    definition: str


@dataclass(frozen=True)
class Section:
    """One mart: its name, what a row is, and its columns' definitions in order."""

    table: str
    description: str
    entries: tuple[Entry, ...]

    @property
    def anchor(self) -> str:
        """The id of the table's heading in the pages."""
        return table_anchor(self.table)


@cache
def sections() -> tuple[Section, ...]:
    """Every mart of the data dictionary with its columns, in the dictionary's order."""
    return tuple(
        Section(
            table.name,
            table.description,
            tuple(Entry(column, text) for column, text in table.columns.items()),
        )
        for table in dictionary.MARTS
    )


@cache
def definitions() -> dict[tuple[str, str], str]:
    """(table, column) → definition, for every mart column of the dictionary."""
    return {
        (section.table, entry.column): entry.definition
        for section in sections()
        for entry in section.entries
    }


def render_markdown() -> str:
    """The text of docs/metrics.md."""
    lines = [
        "# Metric glossary",
        "",
        "Every number in chatreach's reports, in plain language: one entry per column of each",
        "`marts` table, grouped by table. The same sentences are the warehouse's column COMMENTs",
        "(`SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name =",
        "'marts'`) and the glossary at the end of every sponsor report.",
        "",
        "This file is generated from `schemas/dictionary/` by `python -m reports.glossary`:",
        "change the wording there, then regenerate it.",
        "",
    ]
    for section in sections():
        lines += [f"## `{section.table}`", "", section.description, ""]
        lines += [f"- **`{entry.column}`**: {entry.definition}" for entry in section.entries]
        lines.append("")
    lines += gaming_accuracy_markdown()
    lines += ["## Where the definitions leave room", ""]
    lines += [f"- {decision}" for decision in dictionary.DECISIONS]
    lines.append("")
    return "\n".join(lines)


def gaming_accuracy_markdown() -> list[str]:
    """The section on how often each gaming signal is right (schemas.gaming_accuracy)."""
    honest_weeks = GAMING_ACCURACY[0].honest_account_weeks
    lines = [
        "## How often the gaming signals are right",
        "",
        f"Measured by `python -m benchmarks.gaming_accuracy` on {COMMUNITIES} simulated",
        f"communities (seeds 1 to {COMMUNITIES}, 12 weeks, 400 members, the demo's hosts), each",
        "built twice: with every gaming behaviour of the simulator switched on, and honest. A flag",
        "is right when it names an account-week the simulator manufactured for that signal (the",
        "repost ring's members, burst_star in its burst week, dup_poster, puppet_master, the copy",
        "crew). The simulated schemes play at full strength every week, so recall says that they",
        "are caught, not how fainter versions would fare; the honest column says how often an",
        f"ordinary member is flagged: of {honest_weeks:,} honest account-weeks. A test measures",
        "the table again.",
        "",
        "| signal | manufactured | flagged | right | precision | recall | flagged when honest |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{row.signal}` | {row.manufactured} | {row.flagged} | {row.right} | "
        f"{row.precision:.2f} | {row.recall:.2f} | {row.honest_flagged} |"
        for row in GAMING_ACCURACY
    ]
    return [*lines, ""]


def write(path: Path = DOC_PATH) -> Path:
    """Write the glossary atomically; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(render_markdown())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def main() -> None:
    """Regenerate docs/metrics.md and print its path."""
    print(write())


if __name__ == "__main__":
    main()
