"""The kinds of build step and what the steps share: a SQL model, a Python step, and the
rewrite of a weekly mart's recomputed weeks. A leaf: the step modules import it, never the
other way round."""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import duckdb

from warehouse.sql import sql_query


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


def replace_recomputed_weeks(
    con: duckdb.DuckDBPyConnection, table: str, select: str, params: dict | None = None
) -> None:
    """Delete the chat's rows of `table` for the recomputed (or vanished) weeks, insert `select`."""
    con.execute(sql_query("transforms", "steps/delete_recomputed_weeks", table=table))
    con.execute(f"insert into {table} by name {select}", params or {})  # noqa: S608
