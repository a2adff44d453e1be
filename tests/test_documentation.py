"""Every documented query and command runs as written: the SQL blocks of the README and
`docs/` against the demo warehouse, the TOML blocks as configurations, and the shell blocks
that need no network, no secrets and no long-running server in a folder of their own (the
others are marked `<!-- docs-test: skip: why -->` and reported as skipped)."""

import csv
import json
import re
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from config.settings import settings_from_dict
from schemas.records import SNAPSHOT
from tests.builders import account, frame, post, snapshot
from tests.demo_site import environment

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LANGUAGES = {"sh", "sql", "toml", "text"}
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<info>\S*)\s*$")
SKIP = re.compile(r"<!--\s*docs-test:\s*skip:\s*(?P<reason>.+?)\s*-->")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    info: str
    text: str
    skip: str | None

    @property
    def name(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, with the skip mark just above each."""
    found, lines = [], path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        previous = next((line for line in reversed(lines[:index]) if line.strip()), "")
        mark = SKIP.search(previous)
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        body = textwrap.dedent("\n".join(lines[index + 1 : end]))
        found.append(
            Block(path, index + 1, opening["info"], body, mark["reason"] if mark else None)
        )
        index = end + 1
    return found


ALL = [block for path in DOCUMENTS for block in blocks(path)]


def _of(language: str) -> list:
    return [pytest.param(b, id=b.name) for b in ALL if b.info == language]


def test_every_code_block_names_its_language():
    assert ALL, "no code blocks found"
    unnamed = [b.name for b in ALL if b.info not in LANGUAGES]
    assert unnamed == [], f"give these blocks one of {sorted(LANGUAGES)}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_no_heading_is_written_twice(path):
    """A section pasted in twice (the same heading at the same level) is caught here."""
    headings, in_code = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            headings.append(line.strip())
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    assert repeated == [], f"{path.name}: these headings occur more than once"


@pytest.mark.slow
@pytest.mark.parametrize("block", _of("sql"))
def test_the_sql_block_runs_on_the_demo_warehouse(block, demo_site):
    con = duckdb.connect(str(demo_site.warehouse), read_only=True)
    try:
        statements = con.extract_statements(block.text)
        assert statements, block.name
        for statement in statements:
            result = con.execute(statement.query)
            assert result.description, statement.query  # a query with columns
            result.fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("block", _of("toml"))
def test_the_toml_block_is_a_valid_configuration(block, tmp_path):
    data = tomllib.loads(block.text)
    for chat in data.get("chats", {}).values():
        chat.setdefault("hashtags", ["TChat"])  # a block showing other keys of a chat
    settings_from_dict(data, tmp_path, block.name)


# -- the shell blocks ---------------------------------------------------------------------------

SANDBOX_CONFIG = """
[warehouse]
path = "data/chatreach.duckdb"

[chats.tchat]
hashtags = ["TChat"]
timezone = "America/New_York"
hosts = ["alice"]
"""


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: _csv_value(v) for k, v in row.items()} for row in rows)


class Sandbox:
    """A folder with a chatreach.toml and the input files the README's examples name, in
    which the shell blocks run in the order of the README."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ran: set[str] = set()
        (folder / "chatreach.toml").write_text(SANDBOX_CONFIG)
        posts = [
            post("1", "10", "2026-11-18T20:00:00-05:00", handle="alice",
                 text="Q1 What makes a chat worth joining? #TChat"),
            post("2", "11", "2026-11-18T20:03:00-05:00", "reply", handle="bob",
                 reply_to=("1", "10"), text="A1 people who answer back #TChat", likes=2),
        ]  # fmt: skip
        _write_csv(folder / "posts.csv", posts)
        _write_csv(folder / "accounts.csv", [account("10", "alice"), account("11", "bob")])
        frame(SNAPSHOT, [snapshot("10", "2026-11-19T00:00:00Z", 500)]).write_parquet(
            folder / "snapshots.parquet"
        )

    def run(self, block: Block) -> None:
        for earlier in _shell_blocks():
            if earlier.name == block.name:
                break
            if earlier.skip is None and earlier.name not in self.ran:
                self.run(earlier)
        env = environment(self.folder)
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block.text],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert done.returncode == 0, f"{block.name}:\n{done.stdout}\n{done.stderr}"
        self.ran.add(block.name)


def _shell_blocks() -> list[Block]:
    return [b for b in ALL if b.info == "sh"]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("readme"))


@pytest.mark.slow
@pytest.mark.parametrize("block", _of("sh"))
def test_the_shell_block_runs_as_written(block, sandbox):
    if block.skip:
        pytest.skip(f"{block.name}: {block.skip}")
    sandbox.run(block)


def test_the_shell_examples_made_what_they_say(sandbox):
    """After the README's examples: the week's report and the export exist."""
    for block in _shell_blocks():
        if block.skip is None and block.name not in sandbox.ran:
            sandbox.run(block)
    assert (sandbox.folder / "data" / "reports" / "tchat" / "2026-W47" / "sponsor.html").exists()
    assert (sandbox.folder / "exports" / "marts.chat_week.csv").exists()
