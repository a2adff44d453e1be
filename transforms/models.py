"""The SQL models, in build order, and the fingerprint that says when their code changed."""

import hashlib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Model:
    """One SQL file: a temp table for staging and intermediate layers, a mart table for marts."""

    layer: str
    name: str

    @property
    def sql(self) -> str:
        return (resources.files("transforms") / "sql" / self.layer / f"{self.name}.sql").read_text(
            encoding="utf-8"
        )

    @property
    def is_mart(self) -> bool:
        return self.layer == "marts"


MODELS = (
    Model("staging", "stg_chat_posts"),
    Model("staging", "stg_dirty_weeks"),
    Model("intermediate", "int_chat_weeks"),
    Model("intermediate", "int_week_posts"),
    Model("intermediate", "int_interactions"),
    Model("intermediate", "int_account_week_rows"),
    Model("intermediate", "int_amplifiers"),
    Model("intermediate", "int_followers_at"),
    Model("intermediate", "int_followers_end"),
    Model("marts", "account_week"),
    Model("marts", "chat_week"),
)

MACROS = (
    "create or replace temp macro chat_week_start(instant, zone) as "
    "cast(date_trunc('week', timezone(zone, instant)) as date)",
    "create or replace temp macro local_midnight(day, zone) as timezone(zone, cast(day as timestamp))",
    "create or replace temp macro chat_week_end(week_start, zone) as "
    "local_midnight(week_start + 7, zone)",
)


def code_fingerprint() -> str:
    """A hash of every model's SQL and the macros: marts built by other code are rebuilt."""
    digest = hashlib.sha256()
    for text in (*MACROS, *(model.sql for model in MODELS)):
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()
