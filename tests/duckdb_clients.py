"""Older DuckDB clients, installed from the package index on first use into `.venv`: the
releases an analyst may open the warehouse with."""

import re
import stat
import subprocess
import sys
from pathlib import Path

CLIENTS = Path(__file__).resolve().parents[1] / ".venv" / "duckdb-clients"


def _install(requirement: str) -> Path:
    folder = CLIENTS / re.sub(r"[^A-Za-z0-9.]+", "_", requirement)
    if not (folder / ".installed").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade",
             "--target", str(folder), requirement],
            check=True,
        )  # fmt: skip
        (folder / ".installed").touch()
    return folder


def duckdb_cli(requirement: str) -> Path:
    """The `duckdb` executable of a `duckdb-cli` release, e.g. 'duckdb-cli==1.4.4'. Releases
    ship it as `bin/duckdb` or, from 1.5, as `duckdb_cli/duckdb` behind a Python launcher."""
    folder = _install(requirement)
    for candidate in (folder / "duckdb_cli" / "duckdb", folder / "bin" / "duckdb"):
        if candidate.exists() and candidate.read_bytes()[:4] == b"\x7fELF":
            candidate.chmod(candidate.stat().st_mode | stat.S_IXUSR)  # --target drops the bit
            return candidate
    raise FileNotFoundError(f"{requirement}: no duckdb executable in {folder}")


def duckdb_python(requirement: str) -> Path:
    """A folder to put first on PYTHONPATH to import a `duckdb` release, e.g. 'duckdb==1.4.0'."""
    return _install(requirement)
