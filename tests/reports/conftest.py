"""Fixtures of the report tests: the tiny warehouse (see tests/reports/tiny.py) and its pages."""

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.reports.later_marts import FULL, MINIMAL, add_later_marts
from tests.reports.tiny import LATER_ROWS, MINIMAL_ROWS, PREVIOUS_WEEK, build_tiny, render


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory) -> Path:
    """The warehouse of tests/reports/tiny.py, with only the marts that exist today."""
    return build_tiny(tmp_path_factory.mktemp("tiny") / "chatreach.duckdb")


def _with_later_marts(tiny: Path, folder: Path, shape: str, rows: str) -> Path:
    path = folder / "chatreach.duckdb"
    shutil.copyfile(tiny, path)
    con = duckdb.connect(str(path))
    try:
        add_later_marts(con, shape)
        con.execute(rows)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def later_warehouse(tiny_warehouse, tmp_path_factory) -> Path:
    """The same warehouse with the later marts and columns (FULL shape), hand values."""
    return _with_later_marts(tiny_warehouse, tmp_path_factory.mktemp("later"), FULL, LATER_ROWS)


@pytest.fixture(scope="session")
def minimal_warehouse(tiny_warehouse, tmp_path_factory) -> Path:
    """The same warehouse with only the later columns METRICS.md names (MINIMAL shape)."""
    return _with_later_marts(
        tiny_warehouse, tmp_path_factory.mktemp("minimal"), MINIMAL, MINIMAL_ROWS
    )


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
