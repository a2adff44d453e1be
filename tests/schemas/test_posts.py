"""The post schema: each rule accepts a good record and rejects a bad one with its reason."""

import polars as pl
import pytest

from schemas.records import POST
from schemas.validate import prepare, split
from tests.builders import post

GOOD = post("1", "10", "2026-11-18T01:00:00+00:00", text="Q1 hi", mentions=("11",))


def _as_text(record: dict) -> dict:
    """The record as a CSV would deliver it: every scalar as text, lists as lists."""
    return {
        key: (value if isinstance(value, list) else None if value is None else str(value))
        for key, value in record.items()
    }


def _check(*records: dict) -> tuple[pl.DataFrame, list[list[str]]]:
    batch = pl.DataFrame([_as_text(r) for r in records])
    valid, rejected = split(POST, prepare(POST, batch))
    return valid, rejected["_reasons"].to_list()


def test_a_good_post_is_valid_and_typed():
    """Text ids stay text, instants become UTC, counts integers."""
    valid, reasons = _check(GOOD)
    assert reasons == []
    assert valid.schema["created_at"] == pl.Datetime("us", "UTC")
    assert valid.schema["like_count"] == pl.Int64
    assert valid["post_id"].to_list() == ["1"]


def test_ids_beyond_2_53_are_kept_exactly():
    """A 19-digit id keeps every digit."""
    valid, _ = _check({**GOOD, "post_id": "1460323737035677698", "author_id": "9007199254740993"})
    assert valid["post_id"].to_list() == ["1460323737035677698"]
    assert valid["author_id"].to_list() == ["9007199254740993"]


def test_a_handle_loses_its_at_sign():
    valid, _ = _check({**GOOD, "author_handle": "@alice"})
    assert valid["author_handle"].to_list() == ["alice"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"post_id": None}, "post_id is missing"),
        ({"platform": None}, "platform is missing"),
        ({"kind": "retweet"}, "kind ('retweet') is not one of"),
        ({"like_count": "-1"}, "like_count ('-1') must not be negative"),
        ({"quote_count": "2.5"}, "quote_count: '2.5' is not a whole number"),
        (
            {"created_at": "2026-11-18T01:00:00"},
            "created_at: '2026-11-18T01:00:00' is not a timestamp with a time zone",
        ),
        ({"observed_at": "yesterday"}, "observed_at: 'yesterday' is not a timestamp"),
        ({"post_id": "1.46e+18"}, "ids must be text"),
        ({"kind": "reply"}, "a reply needs reply_to_post_id and reply_to_account_id"),
        ({"reply_to_post_id": "9", "reply_to_account_id": "8"}, "only a reply has reply_to"),
        ({"kind": "repost"}, "a repost or quote needs referenced_post_id"),
        (
            {"kind": "quote", "referenced_post_id": "5"},
            "a repost or quote needs referenced_post_id",
        ),
        (
            {"referenced_post_id": "5", "referenced_account_id": "6"},
            "an original post has no referenced",
        ),
        ({"mention_ids": ["11", None]}, "list elements must not be null"),
    ],
)
def test_a_bad_post_is_rejected_with_its_reason(change, reason):
    """The bad record is rejected, the good one beside it is kept."""
    valid, reasons = _check(GOOD, {**GOOD, "post_id": "2", **change})
    assert valid["post_id"].to_list() == ["1"]
    assert len(reasons) == 1
    assert any(reason in given for given in reasons[0]), reasons[0]


def test_a_reply_that_quotes_is_a_valid_reply():
    """A reply keeps the quoted post in referenced_*."""
    record = {
        **GOOD,
        "kind": "reply",
        "reply_to_post_id": "0",
        "reply_to_account_id": "9",
        "referenced_post_id": "5",
        "referenced_account_id": "6",
    }
    valid, reasons = _check(record)
    assert reasons == [] and valid.height == 1


def test_naive_datetime_column_is_rejected_row_by_row():
    """A Parquet-style naive timestamp column rejects its rows with 'has no time zone'."""
    batch = pl.DataFrame([GOOD]).with_columns(pl.col("created_at").dt.replace_time_zone(None))
    valid, rejected = split(POST, prepare(POST, batch))
    assert valid.height == 0
    assert any("has no time zone" in r for r in rejected["_reasons"][0])


def test_missing_required_column_is_a_file_level_error():
    from schemas.validate import MissingColumns

    with pytest.raises(MissingColumns, match="created_at"):
        prepare(POST, pl.DataFrame([_as_text(GOOD)]).drop("created_at"))


def test_a_naive_timestamp_is_rejected_even_when_it_is_the_first_value():
    """Format inference from the first value must not turn a naive time into UTC."""
    valid, reasons = _check({**GOOD, "created_at": "2026-11-18 01:00:00"}, GOOD)
    assert valid.height == 1
    assert "is not a timestamp with a time zone" in reasons[0][0]


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-11-16T20:00:00-05:00", "2026-11-17 01:00:00"),
        ("2026-11-17T01:00:00Z", "2026-11-17 01:00:00"),
        ("2026-11-17 06:30:00.5+0530", "2026-11-17 01:00:00.500000"),
        ("2026-11-17T03:00:00+02", "2026-11-17 01:00:00"),
        ("2026-11-16T20:00-05:00", "2026-11-17 01:00:00"),
        ("2026-11-17 01:00Z", "2026-11-17 01:00:00"),
    ],
)
def test_offsets_in_every_iso_spelling_are_read(text, utc):
    valid, reasons = _check({**GOOD, "created_at": text})
    assert reasons == []
    assert str(valid["created_at"][0].replace(tzinfo=None)) == utc
