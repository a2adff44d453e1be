"""The account and follower snapshot schemas."""

import polars as pl
import pytest

from schemas.records import ACCOUNT, SNAPSHOT
from schemas.validate import prepare, split
from tests.builders import account, snapshot


def _reasons(kind, records: list[dict]) -> tuple[int, list[list[str]]]:
    valid, rejected = split(kind, prepare(kind, pl.DataFrame(records, schema=kind.columns)))
    return valid.height, rejected["_reasons"].to_list()


def test_an_account_may_lack_a_name_and_an_observation_time():
    assert _reasons(ACCOUNT, [account("1", "alice")]) == (1, [])


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (account("1", "", None), "handle ('') is not valid"),
        (account("", "alice"), "account_id ('') is not valid"),
        (account("1", "has space"), "handle ('has space') is not valid"),
    ],
)
def test_a_bad_account_is_rejected(record, reason):
    valid, reasons = _reasons(ACCOUNT, [record])
    assert valid == 0 and any(reason in r for r in reasons[0]), reasons


def test_a_snapshot_needs_a_non_negative_follower_count():
    good = snapshot("1", "2026-11-18T01:00:00+00:00", 5)
    bad = {**snapshot("2", "2026-11-18T01:00:00+00:00", 5), "followers_count": -3}
    missing = {**snapshot("3", "2026-11-18T01:00:00+00:00", 5), "followers_count": None}
    valid, reasons = _reasons(SNAPSHOT, [good, bad, missing])
    assert valid == 1
    assert reasons == [
        ["followers_count ('-3') must not be negative"],
        ["followers_count is missing"],
    ]


def test_optional_counts_may_be_null_but_not_negative():
    record = {**snapshot("1", "2026-11-18T01:00:00+00:00", 5), "following_count": -1}
    valid, reasons = _reasons(SNAPSHOT, [record])
    assert valid == 0 and reasons == [["following_count ('-1') must not be negative"]]
