"""End to end: the real Prefect flows on a small simulated community and on canonical files."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from config.demo import demo_settings
from config.settings import settings_from_dict
from flows.errors import InputProblems
from schemas.records import POST, SNAPSHOT
from tests.builders import config_file, frame, post, snapshot

pytestmark = pytest.mark.slow

END_WEEK = date(2026, 11, 16)


def _read(path: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_weekly_flow_on_a_simulated_community(prefect_harness, tmp_path):
    """Two weekly runs build both weeks' marts and write the week's report pages."""
    from flows.weekly import weekly

    settings = demo_settings(tmp_path / "demo", weeks=2, seed=3, end_week=END_WEEK)
    first = END_WEEK - timedelta(weeks=1)
    weekly(config_file(settings), "tchat", first)
    paths = weekly(config_file(settings), "tchat", END_WEEK)
    warehouse = settings.warehouse.path
    weeks = _read(warehouse, "select week_label, participants from marts.chat_week order by 1")
    assert [label for label, _ in weeks] == ["2026-W46", "2026-W47"]
    assert all(participants > 0 for _, participants in weeks)
    assert _read(warehouse, "select count(*), count(distinct status) from ops.runs") == [(2, 1)]
    pages = [Path(p) for p in paths]
    assert any(p.name == "index.html" for p in pages)
    sponsor = [p for p in pages if "2026-W47" in str(p)]
    assert sponsor and all(p.exists() for p in pages)
    headline = _artifact("tchat-2026-w47-headline")
    assert headline.type == "table"
    assert [row["metric"] for row in json.loads(headline.data)][:2] == [
        "Participants",
        "New participants",
    ]
    link = _artifact("tchat-2026-w47-sponsor")
    assert "/2026-W47/sponsor.html" in link.data
    # The run is in the Prefect API under its name, with the configuration's path as its
    # parameter and not the settings (no address or recipient is stored there).
    config = str(config_file(settings))
    [run] = [r for r in _flow_runs("weekly tchat 2026-W47") if r.parameters["config"] == config]
    assert run.parameters["chat"] == "tchat"
    assert "settings" not in run.parameters and "sponsor" not in str(run.parameters)


def _flow_runs(name: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name]))
        )


def _artifact(key: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    assert found, key
    return found[0]


def test_ingest_files_then_build_flows(prefect_harness, tmp_path):
    """Canonical files in, marts out; a second ingest of the same files changes nothing."""
    from flows.build import build
    from flows.ingest import ingest_files

    settings = settings_from_dict(
        {"warehouse": {"path": "w.duckdb"}, "chats": {"tchat": {"hashtags": ["TChat"]}}},
        tmp_path,
        "test",
    )
    posts = tmp_path / "posts.parquet"
    frame(
        POST,
        [
            post("1", "10", "2026-11-18T01:00:00+00:00", likes=4),
            post("2", "11", "2026-11-18T01:05:00+00:00", "reply", reply_to=("1", "10")),
        ],
    ).write_parquet(posts)
    snapshots = tmp_path / "snapshots.parquet"
    frame(SNAPSHOT, [snapshot("10", "2026-11-17T00:00:00+00:00", 40)]).write_parquet(snapshots)
    counts = ingest_files(config_file(settings), "tchat", [posts], [], [snapshots])
    assert (counts.rows_in, counts.changed, counts.rejected) == (3, 3, 0)
    [result] = build(config_file(settings))
    assert result.full and result.weeks_rebuilt == 1
    again = ingest_files(config_file(settings), "tchat", [posts], [], [snapshots])
    assert again.changed == 0
    [result] = build(config_file(settings))
    assert not result.full and result.weeks_rebuilt == 0
    assert _read(settings.warehouse.path, "select engagements, reach from marts.chat_week") == [
        (4 + 1, 40)
    ]


def test_a_bad_file_is_reported_and_the_good_ones_are_published(prefect_harness, tmp_path):
    from flows.ingest import ingest_files

    settings = settings_from_dict(
        {"warehouse": {"path": "w.duckdb"}, "chats": {"tchat": {"hashtags": ["TChat"]}}},
        tmp_path,
        "test",
    )
    good = tmp_path / "good.parquet"
    frame(POST, [post("1", "10", "2026-11-18T01:00:00+00:00")]).write_parquet(good)
    bad = tmp_path / "bad.csv"
    bad.write_text("platform,post_id\nx,1\n")
    with pytest.raises(InputProblems, match="bad.csv: missing columns author_id"):
        ingest_files(config_file(settings), "tchat", [good, bad], [], [])
    assert _read(settings.warehouse.path, "select count(*) from core.posts") == [(1,)]
    assert _read(settings.warehouse.path, "select status from ops.runs") == [("failed",)]


def test_the_demo_data_is_valid_end_to_end(tmp_path):
    """Nothing the simulator makes lands in quarantine (plain functions, no Prefect)."""
    from sources.simulated import pull_simulated
    from tests.builders import new_warehouse
    from warehouse.ingest import load_records

    settings = demo_settings(tmp_path, weeks=3, seed=11, end_week=END_WEEK)
    records = pull_simulated(
        settings.sources.demo, settings.chat("tchat"), None, datetime(2030, 1, 1, tzinfo=UTC)
    )
    con = new_warehouse()
    counts = load_records(con, records, source="demo", origin="demo", run_id="t")
    assert counts.rejected == 0 and counts.changed > 0
