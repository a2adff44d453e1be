"""Fixtures of the report tests: the tiny warehouse (see tests/reports/tiny.py) and its pages."""

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.reports.tiny import LATER_ROWS, PREVIOUS_WEEK, build_tiny, render


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory) -> Path:
    """The warehouse of tests/reports/tiny.py, with only the marts that exist today."""
    return build_tiny(tmp_path_factory.mktemp("tiny") / "chatreach.duckdb")


@pytest.fixture(scope="session")
def later_warehouse(tiny_warehouse, tmp_path_factory) -> Path:
    """The same warehouse with hand values in the marts it leaves empty (questions, links,
    lift, gaming signals, influence, the later chat_week measures)."""
    path = tmp_path_factory.mktemp("later") / "chatreach.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    con = duckdb.connect(str(path))
    try:
        con.execute(LATER_ROWS)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def tiny_site(tiny_warehouse, tmp_path_factory) -> Path:
    """The reports of 2025-W45 from the tiny warehouse (2025-W44 written first)."""
    out = tmp_path_factory.mktemp("tiny-site")
    render(tiny_warehouse, out, week=PREVIOUS_WEEK)
    render(tiny_warehouse, out)
    return out


@pytest.fixture(scope="session")
def later_site(later_warehouse, tmp_path_factory) -> Path:
    """The reports of 2025-W45 from the warehouse with the later marts."""
    out = tmp_path_factory.mktemp("later-site")
    render(later_warehouse, out)
    return out
