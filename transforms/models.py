"""The build steps, in order, and the fingerprint that says when their code changed.

A step is a SQL model (a temp table for the staging and intermediate layers, a mart table
for marts) or a Python step that works set-based on the connection (PageRank).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from transforms.prefixes import build_post_prefixes
from transforms.volume import build_chat_week_volume


@dataclass(frozen=True)
class Model:
    """One SQL file: a temp table for staging and intermediate layers, a mart table for marts."""

    layer: str
    name: str
    scope: str = "week"
    """A mart rewritten for the recomputed weeks ("week"), whole for the chat ("chat"), for
    the recomputed weeks and the rows stg_growth_changes names ("growth"), or for the weeks
    whose 8-week window holds a recomputed week ("trailing", int_trailing_weeks)."""

    @property
    def sql(self) -> str:
        return (resources.files("transforms") / "sql" / self.layer / f"{self.name}.sql").read_text(
            encoding="utf-8"
        )

    @property
    def is_mart(self) -> bool:
        return self.layer == "marts"


@dataclass(frozen=True)
class PythonStep:
    """A step written in Python, run on the build's connection inside its transaction."""

    name: str
    run: Callable[[duckdb.DuckDBPyConnection], None]
    temp_tables: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    """The tables and earlier steps its SQL reads (a SQL model's are read off its text)."""
    writes: tuple[str, ...] = ()
    """The marts it writes, whole or in part."""


Step = Model | PythonStep

HOST_ACCOUNTS = Model("staging", "stg_host_accounts")
"""Run first: the build's fingerprint includes the chat's host and sponsor accounts."""

CORE_STEPS: tuple[Step, ...] = (
    Model("staging", "stg_chat_posts"),
    Model("staging", "stg_dirty_weeks"),
    Model("staging", "stg_growth_changes"),
    Model("intermediate", "int_chat_weeks"),
    Model("intermediate", "int_trailing_weeks"),
    Model("intermediate", "int_week_posts"),
    Model("intermediate", "int_interactions"),
    Model("intermediate", "int_account_week_rows"),
    Model("intermediate", "int_amplifiers"),
    Model("intermediate", "int_followers_at"),
    Model("intermediate", "int_followers_end"),
    Model("marts", "account_week"),
    Model("intermediate", "int_chat_week_organic"),
    Model("intermediate", "int_chat_week_conversation"),
    Model("marts", "chat_week"),
    PythonStep(
        "chat_week_volume",
        build_chat_week_volume,
        reads=("marts.chat_week",),
        writes=("marts.chat_week",),
    ),
    Model("marts", "cohort_retention", scope="chat"),
    Model("marts", "account_growth", scope="growth"),
    Model("marts", "chat_lift", scope="chat"),
    PythonStep(
        "int_post_prefixes",
        build_post_prefixes,
        temp_tables=("int_post_prefixes",),
        reads=("int_week_posts",),
    ),
    Model("intermediate", "int_questions"),
    Model("intermediate", "int_answers"),
    Model("marts", "question_week"),
    Model("marts", "link_week"),
)


def all_steps() -> tuple[Step, ...]:
    """Every step of a build, in order."""
    from transforms.influence import influence_steps  # it imports this module

    return CORE_STEPS + influence_steps()


MACROS = (
    "create or replace temp macro chat_week_start(instant, zone) as "
    "cast(date_trunc('week', timezone(zone, instant)) as date)",
    "create or replace temp macro local_midnight(day, zone) as "
    "timezone(zone, cast(day as timestamp))",
    "create or replace temp macro chat_week_end(week_start, zone) as "
    "local_midnight(week_start + 7, zone)",
)


def code_fingerprint() -> str:
    """A hash of the transforms package's code (its SQL and the Python the steps call, such as
    PageRank): marts built by other code are rebuilt."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("transforms")))
    for path in sorted([*package.rglob("*.sql"), *package.glob("*.py")]):
        if "data_tests" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()
