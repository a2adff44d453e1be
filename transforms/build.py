"""Build the marts of a chat for the weeks whose inputs changed (all weeks on a first build).

The rule of what a change can reach is stated in sql/staging/stg_dirty_weeks.sql. A full
build happens when the chat was never built, when its configuration or the models' code
changed since, or when asked for.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from config.chat import ChatSettings
from transforms.models import HOST_ACCOUNTS, MACROS, all_steps, code_fingerprint
from transforms.steps import Model, PythonStep, Step, insert_in_order
from warehouse.limits import limit_exceeded
from warehouse.sql import scalar, sql_query, transaction


@dataclass(frozen=True)
class BuildResult:
    """What one chat's build did."""

    chat: str
    full: bool
    weeks_rebuilt: int
    wrote: bool = True
    """False when the chat was up to date and nothing was written."""


def chat_fingerprint(chat: ChatSettings, host_accounts: list[tuple]) -> str:
    """A hash of what every week of the chat depends on: its configuration, its host and
    sponsor accounts, and the steps' code."""
    relevant = {
        "hashtags": chat.hashtag_keys,
        "timezone": chat.timezone,
        "hosts": chat.host_keys,
        "sponsors": chat.sponsor_keys,
        "host_accounts": [list(row) for row in host_accounts],
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def _set_context(con: duckdb.DuckDBPyConnection, chat: ChatSettings) -> None:
    for macro in MACROS:
        con.execute(macro)
    con.execute(
        "create or replace temp table build_context as select ? as chat, ? as timezone, "
        "?::varchar[] as hashtag_keys, ?::varchar[] as host_keys, ?::varchar[] as sponsor_keys",
        [chat.slug, chat.timezone, chat.hashtag_keys, chat.host_keys, chat.sponsor_keys],
    )


_WINDOW_WEEKS = {"trailing": "int_trailing_weeks", "lift": "int_lift_weeks"}
"""The weeks a mart over a window of weeks rewrites, by its scope."""


def _run(con: duckdb.DuckDBPyConnection, step: Step, chat: str) -> None:
    if isinstance(step, PythonStep):
        step.run(con)
        return
    model: Model = step
    if not model.is_mart:
        con.execute(f"create or replace temp table {model.name} as {model.sql}")
        return
    table = f"marts.{model.name}"
    if model.scope == "chat":
        con.execute(f"delete from {table} where chat = ?", [chat])  # noqa: S608 - our names
    elif model.scope == "growth":
        con.execute(sql_query("transforms", "rebuild/delete_growth", table=table), {"chat": chat})
    elif model.scope in _WINDOW_WEEKS:
        con.execute(
            f"delete from {table} where chat = ? and (week_start in "  # noqa: S608
            f"(select week_start from {_WINDOW_WEEKS[model.scope]}) "
            "or week_start not in (select week_start from int_chat_weeks))",
            [chat],
        )
    else:
        con.execute(
            f"delete from {table} where chat = ? and (week_start in "  # noqa: S608
            "(select week_start from int_chat_weeks where is_dirty) "
            "or week_start not in (select week_start from int_chat_weeks))",
            [chat],
        )
    con.execute(insert_in_order(table, model.sql))


def _drop_temp_tables(con: duckdb.DuckDBPyConnection) -> None:
    for step in (HOST_ACCOUNTS, *all_steps()):
        names = (
            step.temp_tables
            if isinstance(step, PythonStep)
            else (() if step.is_mart else (step.name,))
        )
        for name in names:
            con.execute(f"drop table if exists {name}")
    con.execute("drop table if exists build_context")


_LAST_BUILD = "select fingerprint, last_change_id from ops.builds where chat = ?"
_LATEST_CHANGE = "select coalesce(max(change_id), 0) from ops.changes"


def _current_fingerprint(con: duckdb.DuckDBPyConnection, chat: ChatSettings) -> str:
    """The chat's fingerprint now; leaves build_context and stg_host_accounts behind."""
    _set_context(con, chat)
    _run(con, HOST_ACCOUNTS, chat.slug)
    hosts = con.execute(
        "select platform, account_id, is_host, is_sponsor from stg_host_accounts order by all"
    ).fetchall()
    return chat_fingerprint(chat, hosts)


def is_up_to_date(con: duckdb.DuckDBPyConnection, chat: ChatSettings) -> bool:
    """Whether `build_chat` would find nothing to do: no change recorded since the chat's last
    build, and the same configuration and code. Reads only (temp objects), so a read-only
    connection to the published warehouse can answer before any copy is made."""
    state = con.execute(_LAST_BUILD, [chat.slug]).fetchall()
    if not state or int(state[0][1]) != int(scalar(con, _LATEST_CHANGE)):
        return False
    try:
        return state[0][0] == _current_fingerprint(con, chat)
    finally:
        _drop_temp_tables(con)


def build_chat(
    con: duckdb.DuckDBPyConnection,
    chat: ChatSettings,
    full: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Recompute the chat's marts for the weeks whose inputs changed, in one transaction.

    `on_step` is told the name of each step of `all_steps()` as it is done (for a progress bar).
    """
    latest = int(scalar(con, _LATEST_CHANGE))
    current = HOST_ACCOUNTS.name
    try:
        with transaction(con):
            fingerprint = _current_fingerprint(con, chat)
            state = con.execute(_LAST_BUILD, [chat.slug]).fetchall()
            full = full or not state or state[0][0] != fingerprint
            since = 0 if full else int(state[0][1])
            con.execute("set variable since_change_id = ?", [since])
            con.execute("set variable full_build = ?", [full])
            for step in all_steps():
                current = step.name
                _run(con, step, chat.slug)
                if on_step is not None:
                    on_step(step.name)
            weeks = int(scalar(con, "select count(*) from int_chat_weeks where is_dirty"))
            con.execute(
                "insert into ops.builds values (?, ?, ?, now()) on conflict (chat) do update set "
                "fingerprint = excluded.fingerprint, last_change_id = excluded.last_change_id, "
                "built_at = excluded.built_at",
                [chat.slug, fingerprint, latest],
            )
            _drop_temp_tables(con)
    except duckdb.OutOfMemoryException as error:
        raise limit_exceeded(con, f"build {chat.slug}: step {current}", error) from None
    return BuildResult(chat.slug, full, weeks)
