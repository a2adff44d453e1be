"""The shape of a table's entry in the data dictionary."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableDoc:
    """A table's grain (what one row is), its key (the columns no two rows share), its columns'
    descriptions in order, and what a reader needs besides: a lead-in and notes.

    The grain and key are written here only: the table's COMMENT, docs/metrics.md, the data
    dictionary page, the uniqueness data tests and the reference test's keys are made from them.
    """

    name: str
    grain: str
    columns: dict[str, str] = field(default_factory=dict)
    key: tuple[str, ...] = ()
    about: str = ""
    notes: str = ""

    @property
    def description(self) -> str:
        """The lead-in, the grain, the key and the notes, as one paragraph."""
        key = f"Key: ({', '.join(self.key)})."
        return " ".join(part for part in (self.about, self.grain, key, self.notes) if part)

    @property
    def description_without_key(self) -> str:
        """The description for a page that shows the key on a line of its own."""
        return " ".join(part for part in (self.about, self.grain, self.notes) if part)


WEEK_COLUMNS = {
    "chat": "The chat's slug from the configuration.",
    "week_start": "Monday of the ISO week in the chat's time zone (a date).",
    "week_label": "The ISO week, YYYY-Www.",
}
"""The first columns of the marts with a row per chat-week and something more."""
