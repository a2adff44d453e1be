"""twarc2 archives through `chatreach ingest files --posts`: recognised by their content,
read line by line, their bad lines quarantined, the files held in raw like any file.

The archives are the recordings under tests/fixtures/real/twarc; values read by hand.
"""

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from config.settings import settings_from_dict
from flows.cli import app
from tests.builders import config_file
from tests.sources.fakeserver import fixture_path

pytestmark = pytest.mark.slow

BREXIT = fixture_path("twarc/brexit.jsonl")
STREAM = fixture_path("twarc/streaming_output_with_error.jsonl")
USERS = fixture_path("twarc/users.jsonl")


def read(path: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


TABLES = (
    "select * from core.posts order by all",
    "select * from core.accounts order by all",
    "select * from core.follower_snapshots order by all",
    "select * exclude (run_id, first_seen_at) from quarantine.rejected order by all",
    "select content_hash, source, endpoint, origin, byte_count from raw.payloads order by all",
)


def test_ingest_files_reads_twarc_archives_given_as_posts(prefect_harness, tmp_path):
    from flows.ingest import ingest_files

    settings = settings_from_dict(
        {"warehouse": {"path": "w.duckdb"}, "chats": {"tchat": {"hashtags": ["Brexit"]}}},
        tmp_path,
        "test",
    )
    counts = ingest_files(config_file(settings), "tchat", [BREXIT, STREAM, USERS], [], [])
    warehouse = settings.warehouse.path
    assert counts.rejected == 1
    assert read(warehouse, "select count(*) from core.posts") == [(107,)]  # 100 + 7 tweets
    # brexit.jsonl, read by hand: the reply 1440716745577140229 by calin_a
    assert read(
        warehouse,
        "select kind, author_handle, reply_to_account_id, observed_at::varchar "
        "from core.posts where post_id = '1440716745577140229'",
    ) == [("reply", "calin_a", "1717521084", "2021-09-22 16:38:09+00")]
    # users.jsonl: accounts and snapshots only (LostInStereoLiz, 2659 followers)
    assert read(
        warehouse,
        "select followers_count from core.follower_snapshots where account_id = '35332943'",
    ) == [(2659,)]
    assert read(
        warehouse, "select record_kind, reasons[1][:27], origin from quarantine.rejected"
    ) == [("post", "line 8: not valid JSON: Exp", f"{STREAM.as_uri()}#line=8")]
    assert read(
        warehouse, "select source, endpoint, origin, byte_count from raw.payloads order by origin"
    ) == [
        ("files", "twarc", str(path), path.stat().st_size)
        for path in sorted([BREXIT, STREAM, USERS], key=str)
    ]
    assert read(warehouse, "select flow, status, rows_in, rows_rejected from ops.runs") == [
        ("ingest-files", "succeeded", counts.rows_in, 1)
    ]

    before = [read(warehouse, query) for query in TABLES]
    again = ingest_files(config_file(settings), "tchat", [BREXIT, STREAM, USERS], [], [])
    assert again.changed == 0
    assert [read(warehouse, query) for query in TABLES] == before


def test_the_command_line_takes_a_twarc_archive_as_posts(prefect_harness, tmp_path):
    (tmp_path / "chatreach.toml").write_text(
        '[warehouse]\npath = "w.duckdb"\n\n[chats.tchat]\nhashtags = ["Brexit"]\n'
    )
    result = CliRunner().invoke(
        app,
        [
            "--config",
            str(tmp_path / "chatreach.toml"),
            "ingest",
            "files",
            "--chat",
            "tchat",
            "--posts",
            str(STREAM),
        ],
    )
    assert result.exit_code == 0, result.output
    # 7 tweets + the 11 users of their includes (accounts and snapshots) + the bad line
    assert result.output.splitlines()[-1] == (
        "30 records read, 29 new or updated, 1 rejected (see quarantine.rejected)"
    )
    assert read(tmp_path / "w.duckdb", "select count(*) from core.posts") == [(7,)]
