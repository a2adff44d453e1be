"""The bad-input corpus (tests/fixtures/hostile): each file does what expected.json says."""

import json
from pathlib import Path

import pytest

from schemas.records import RECORD_KINDS
from sources.files import BadFile, read_canonical
from tests.builders import new_warehouse, rows
from warehouse.ingest import load_file

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
EXPECTED = {
    k: v
    for k, v in json.loads((CORPUS / "expected.json").read_text()).items()
    if not k.startswith("_")
}


def _load(con, path: Path, kind: str):
    record_kind = RECORD_KINDS[kind]
    return load_file(con, path, record_kind, read_canonical(path, record_kind), run_id="t")


def _core_ids(con, kind: str) -> list[str]:
    if kind == "account":
        return [r["id"] for r in rows(con, "select account_id as id from core.accounts order by 1")]
    return [r["id"] for r in rows(con, "select post_id as id from core.posts order by 1")]


def test_every_file_in_the_corpus_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("expected.json", "README.md")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_behaves_as_expected(name):
    expected = EXPECTED[name]
    con = new_warehouse()
    path = CORPUS / name
    if "error" in expected:
        with pytest.raises(BadFile) as raised:
            _load(con, path, expected["kind"])
        message = str(raised.value)
        assert name in message and expected["error"] in message
        assert "\n" not in message
        assert _core_ids(con, expected["kind"]) == []
        assert rows(con, "select count(*) as n from quarantine.rejected") == [{"n": 0}]
        return
    _load(con, path, expected["kind"])
    assert _core_ids(con, expected["kind"]) == sorted(expected["loaded"])
    held = rows(con, "select origin, reasons from quarantine.rejected order by origin")
    assert len(held) == len(expected["rejected"])
    for (number, reason), record in zip(sorted(expected["rejected"]), held, strict=True):
        assert record["origin"] == f"{name} record {number}"
        assert any(reason in given for given in record["reasons"]), record["reasons"]
    for post_id, text in expected.get("text", {}).items():
        assert rows(con, "select text from core.posts where post_id = ?", [post_id]) == [
            {"text": text}
        ]


def test_a_one_megabyte_text_loads_whole(tmp_path):
    line = (CORPUS / "truncated_line.jsonl").read_text().splitlines()[0]
    record = json.loads(line)
    record["text"] = "x" * 1_000_000
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps(record) + "\n")
    con = new_warehouse()
    counts = _load(con, path, "post")
    assert counts.changed == 1
    assert rows(con, "select length(text) as n from core.posts") == [{"n": 1_000_000}]


def test_display_names_that_look_like_formulas_or_markup_are_kept_as_text():
    con = new_warehouse()
    _load(con, CORPUS / "accounts_csv_injection.csv", "account")
    names = [
        r["display_name"] for r in rows(con, "select display_name from core.accounts order by 1")
    ]
    assert names == ["<script>alert(1)</script>", '=HYPERLINK("http://evil.example","x")']
