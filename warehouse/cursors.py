"""`ops.pull_cursors`: where each pull of a chat's source stopped, so the next one resumes there."""

from dataclasses import dataclass

import duckdb

from warehouse.sql import scalar


def get_cursor(
    con: duckdb.DuckDBPyConnection, chat: str, source: str, endpoint: str, scope: str = ""
) -> str | None:
    """The cursor the last pull recorded, or None when there was none."""
    return scalar(
        con,
        "select cursor from ops.pull_cursors where chat = ? and source = ? and endpoint = ? "
        "and scope = ?",
        [chat, source, endpoint, scope],
    )


def set_cursor(
    con: duckdb.DuckDBPyConnection,
    chat: str,
    source: str,
    endpoint: str,
    cursor: str | None,
    scope: str = "",
) -> None:
    """Record where the pull stopped (call it in the transaction that loaded the page)."""
    con.execute(
        "insert into ops.pull_cursors values (?, ?, ?, ?, ?, now()) "
        "on conflict (chat, source, endpoint, scope) do update set cursor = excluded.cursor, "
        "updated_at = excluded.updated_at",
        [chat, source, endpoint, scope, cursor],
    )


@dataclass(frozen=True)
class PullKey:
    """Which pull a cursor belongs to in ops.pull_cursors."""

    chat: str
    source: str
    endpoint: str

    def get(self, con: duckdb.DuckDBPyConnection, scope: str) -> str | None:
        return get_cursor(con, self.chat, self.source, self.endpoint, scope)

    def set(self, con: duckdb.DuckDBPyConnection, scope: str, value: str | None) -> None:
        set_cursor(con, self.chat, self.source, self.endpoint, value, scope)
