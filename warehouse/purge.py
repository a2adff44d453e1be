"""Purge an account: its posts, follower snapshots and names leave the warehouse.

For an opt-out or an account deleted on its platform. The posts' removal is recorded in
ops.changes (once a chat has been built: before, every build is a full one), so the next
build recomputes every week they touched. Raw payloads that hold the
account's id or handle as text go too; binary payloads (Parquet files) are kept and named in
the result, since their records cannot be told apart.
"""

from dataclasses import dataclass

import duckdb

from warehouse.changes import change_log_is_read
from warehouse.sql import scalar, sql_file, transaction


class AccountNotFound(LookupError):
    """No account of the warehouse matches the purge's PLATFORM:ID_OR_HANDLE."""


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed."""

    platform: str
    account_id: str
    posts: int
    snapshots: int
    accounts: int
    quarantined: int
    raw_payloads: int
    binary_payloads_kept: int


def resolve_account(con: duckdb.DuckDBPyConnection, reference: str) -> tuple[str, str, list[str]]:
    """(platform, account_id, handles) for PLATFORM:ID or PLATFORM:HANDLE (case-insensitive)."""
    platform, separator, value = reference.partition(":")
    if not separator or not platform or not value:
        raise AccountNotFound(f"--account: '{reference}' is not PLATFORM:ID_OR_HANDLE")
    value = value.removeprefix("@")
    found = con.execute(
        sql_file("warehouse", "statements/accounts_named.sql"),
        {"platform": platform, "value": value},
    ).fetchall()
    if not found:
        raise AccountNotFound(f"--account: no account '{reference}' in the warehouse")
    if len(found) > 1:
        raise AccountNotFound(f"--account: '{reference}' names several accounts; give its id")
    account_id = found[0][0]
    handles = [
        row[0]
        for row in con.execute(
            "select distinct handle from (select handle from core.accounts where platform = ? "
            "and account_id = ? union select author_handle from core.posts where platform = ? "
            "and author_id = ?)",
            [platform, account_id, platform, account_id],
        ).fetchall()
    ]
    return platform, account_id, handles


def purge_account(con: duckdb.DuckDBPyConnection, reference: str, run_id: str) -> PurgeResult:
    """Delete the account's posts, snapshots, names, quarantined records and raw payloads."""
    platform, account_id, handles = resolve_account(con, reference)
    needles = [f'"{account_id}"', *(f'"{h}"' for h in handles), *(f"@{h}" for h in handles)]
    key = {"platform": platform, "account_id": account_id}
    with transaction(con):
        if change_log_is_read(con):
            con.execute(
                "insert into ops.changes (record_kind, platform, account_id, old_at, new_at, "
                "run_id) select 'post', platform, author_id, created_at, null, $run_id "
                "from core.posts where platform = $platform and author_id = $account_id "
                "union all select 'snapshot', platform, account_id, captured_at, captured_at, "
                "$run_id from core.follower_snapshots "
                "where platform = $platform and account_id = $account_id",
                {**key, "run_id": run_id},
            )
        posts = _delete(con, "core.posts", "platform = $platform and author_id = $account_id", key)
        snapshots = _delete(
            con, "core.follower_snapshots", "platform = $platform and account_id = $account_id", key
        )
        accounts = _delete(
            con, "core.accounts", "platform = $platform and account_id = $account_id", key
        )
        mentions = {"needles": needles}
        quarantined = _delete(
            con,
            "quarantine.rejected",
            "list_bool_or([contains(record, n) for n in $needles])",
            mentions,
        )
        text_body = "try(decode(body))"
        raw = _delete(
            con,
            "raw.payloads",
            f"list_bool_or([contains({text_body}, n) for n in $needles])",
            mentions,
        )
        binary = int(
            scalar(
                con,
                f"select count(*) from raw.payloads where body is not null and {text_body} is null",  # noqa: S608, E501
            )
        )
    return PurgeResult(platform, account_id, posts, snapshots, accounts, quarantined, raw, binary)


def _delete(con: duckdb.DuckDBPyConnection, table: str, where: str, params: dict) -> int:
    count = int(scalar(con, f"select count(*) from {table} where {where}", params))  # noqa: S608
    con.execute(f"delete from {table} where {where}", params)  # noqa: S608 - our names
    return count
