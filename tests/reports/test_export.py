"""`chatreach export`: every mart (and core on request) as Parquet or CSV, the dictionary
beside them, and the names, handles and texts of hidden accounts left out."""

import csv
import json

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from config.settings import settings_from_dict
from flows.cli import app
from reports.export import export_warehouse
from schemas.dictionary import CORE, MARTS
from tests.builders import account, config_file, load, post, snapshot, tchat
from transforms.build import build_chat
from warehouse.publish import reading, writing

# Week 2026-W47 in New York. Account 4 (carol) opts out in the configuration; account 5
# (dora) asks not to be indexed; 10 (alice) and 11 (bob) are named.
POSTS = [
    post("1", "10", "2026-11-18T01:00:00+00:00", text="Q1 What is influence? #TChat",
         handle="alice", likes=3),
    post("2", "11", "2026-11-18T01:05:00.250+00:00", "reply", reply_to=("1", "10"),
         text="A1 reach that moves people #TChat", handle="bob"),
    post("3", "4", "2026-11-18T01:06:00+00:00", "reply", reply_to=("1", "10"),
         text="A1 carol's secret answer #TChat", handle="carol"),
    post("4", "5", "2026-11-18T01:07:00+00:00", text="dora's words #TChat", handle="dora"),
    post("5", "11", "2026-11-18T01:08:00+00:00", text="thanks @Carol! and @carolyn, @DORA #TChat",
         handle="bob"),
]  # fmt: skip
ACCOUNTS = [
    account("10", "alice", "Alice A", "2026-11-18T02:00:00+00:00"),
    account("11", "bob", "Bob B", "2026-11-18T02:00:00+00:00"),
    account("4", "carol", "Carol C", "2026-11-18T02:00:00+00:00"),
    {**account("5", "dora", "Dora D", "2026-11-18T02:00:00+00:00"),
     "asks_not_to_be_indexed": True},
]  # fmt: skip
SNAPSHOTS = [snapshot("10", "2026-11-20T00:00:00+00:00", 120)]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "chatreach.duckdb"
    with writing(path) as con:
        load(con, posts=POSTS, accounts=ACCOUNTS, snapshots=SNAPSHOTS)
        build_chat(con, tchat(hosts=["alice"]))
    return path


def _export(warehouse, out, fmt, **options):
    con = reading(warehouse)
    try:
        return export_warehouse(con, out, fmt, opt_out=["x:carol"], **options)
    finally:
        con.close()


def _csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_mart_is_a_file_and_core_only_on_request(warehouse, tmp_path):
    marts_only = _export(warehouse, tmp_path / "a", "parquet")
    assert sorted(p.name for p in marts_only.files) == sorted(
        [f"{t.name}.parquet" for t in MARTS] + ["dictionary.json", "README.md"]
    )
    with_core = _export(warehouse, tmp_path / "b", "parquet", include_core=True)
    assert {f"{t.name}.parquet" for t in CORE} <= {p.name for p in with_core.files}


def test_the_dictionary_lists_tables_keys_columns_and_rows(warehouse, tmp_path):
    _export(warehouse, tmp_path, "csv", include_core=True)
    dictionary = json.loads((tmp_path / "dictionary.json").read_text())
    tables = {entry["table"]: entry for entry in dictionary["tables"]}
    assert tables["core.posts"]["rows"] == 5
    assert tables["core.posts"]["key"] == ["platform", "post_id"]
    assert tables["marts.chat_week"]["key"] == ["chat", "week_start"]
    assert tables["marts.chat_week"]["rows"] == 1
    columns = {c["name"]: c["description"] for c in tables["marts.chat_week"]["columns"]}
    assert columns["participants"].startswith("Accounts with at least one chat post")
    readme = (tmp_path / "README.md").read_text()
    assert "## marts.question_week (`marts.question_week.csv`, 1 rows)" in readme
    assert "Key: chat, week_start, question_number" in readme


def test_csv_writes_lists_as_json_and_instants_in_utc_iso_8601(warehouse, tmp_path):
    _export(warehouse, tmp_path, "csv", include_core=True)
    posts = {row["post_id"]: row for row in _csv(tmp_path / "core.posts.csv")}
    assert json.loads(posts["1"]["hashtags"]) == ["TChat"]
    assert posts["1"]["mention_ids"] == "[]"
    assert posts["1"]["created_at"] == "2026-11-18T01:00:00Z"
    assert posts["2"]["created_at"] == "2026-11-18T01:05:00.250000Z"
    week = _csv(tmp_path / "marts.chat_week.csv")[0]
    assert week["week_start"] == "2026-11-16"
    assert week["week_end"] == "2026-11-23T05:00:00Z"  # Monday midnight in New York


def test_hidden_accounts_lose_names_handles_and_texts_but_keep_their_numbers(warehouse, tmp_path):
    result = _export(warehouse, tmp_path, "parquet", include_core=True)
    assert result.blanked_accounts == 2
    posts = pl.read_parquet(tmp_path / "core.posts.parquet").sort("post_id")
    assert posts["author_handle"].to_list() == ["alice", "bob", None, None, "bob"]
    assert posts["text"].to_list()[2:4] == [None, None]
    # As on the pages: a hidden account's @handle in someone else's text is replaced.
    assert posts["text"][4] == (
        "thanks @[an opted-out participant]! and @carolyn, @[an opted-out participant] #TChat"
    )
    accounts = pl.read_parquet(tmp_path / "core.accounts.parquet").sort("account_id")
    assert accounts.select("account_id", "handle", "display_name").rows() == [
        ("10", "alice", "Alice A"),
        ("11", "bob", "Bob B"),
        ("4", None, None),
        ("5", None, None),
    ]
    weeks = pl.read_parquet(tmp_path / "marts.account_week.parquet")
    assert set(weeks["account_id"]) == {"10", "11", "4", "5"}  # they still count
    questions = pl.read_parquet(tmp_path / "marts.question_week.parquet")
    assert questions["answers"].to_list() == [2]  # bob's and carol's answers
    for path in tmp_path.iterdir():
        if path.suffix == ".parquet":
            con = duckdb.connect()
            text = str(con.execute("select * from read_parquet(?)", [str(path)]).fetchall())
            text = text.lower().replace("@carolyn", "")
            assert "carol" not in text and "dora" not in text, path


def test_include_opted_out_keeps_them(warehouse, tmp_path):
    result = _export(warehouse, tmp_path, "csv", include_core=True, include_opted_out=True)
    assert result.blanked_accounts == 0
    posts = {row["post_id"]: row for row in _csv(tmp_path / "core.posts.csv")}
    assert posts["3"]["author_handle"] == "carol"
    assert posts["3"]["text"] == "A1 carol's secret answer #TChat"
    assert posts["5"]["text"] == "thanks @Carol! and @carolyn, @DORA #TChat"


def test_the_command_writes_the_files_and_says_what_it_left_out(warehouse, tmp_path):
    settings = settings_from_dict(
        {
            "warehouse": {"path": str(warehouse)},
            "chats": {"tchat": {"hashtags": ["TChat"], "timezone": "America/New_York"}},
            "privacy": {"opt_out": ["x:carol"]},
        },
        tmp_path,
        "test",
    )
    config = config_file(settings.model_copy())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["--config", str(config), "export", "--to", str(out), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert str(out / "marts.chat_week.csv") in result.output.splitlines()
    assert "of 2 opted-out or not-indexed accounts left empty" in result.output
    assert not (out / "core.posts.csv").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi @someone@example.social!", "hi @[an opted-out participant]!"),
        ("hi @someone", "hi @[an opted-out participant]"),
        ("hi @Someone, you", "hi @[an opted-out participant], you"),
        ("hi @someone@other.social", "hi @someone@other.social"),  # someone else
        ("hi @someones", "hi @someones"),
        ("@someone @someone", "@[an opted-out participant] @[an opted-out participant]"),
    ],
)
def test_a_mastodon_handle_is_found_as_the_pages_find_it(text, expected):
    from reports.export import mention_rewrite
    from reports.pages import handle_redactor

    pattern, replacement = mention_rewrite(["someone@example.social"])
    [(found,)] = duckdb.execute(
        "select regexp_replace($text, $pattern, $replacement, 'gi')",
        {"text": text, "pattern": pattern, "replacement": replacement},
    ).fetchall()
    assert found == expected == handle_redactor(["someone@example.social"])(text)
