"""The house rules that keep the code easy to change: small files, SQL in .sql files, and
every connector behind one contract with its logs redacted."""

import ast
import pkgutil
import re
from pathlib import Path

import pytest

import sources
from sources.connector import CONNECTORS, Connector
from sources.secrets import REDACTED_LOGGERS

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
PACKAGES = (
    "benchmarks", "chatreach", "config", "delivery", "flows", "reports", "schemas", "sources",
    "transforms", "warehouse",
)  # fmt: skip
SQL_START = re.compile(r"\s*(select|insert|update|delete|create|with|alter)\b", re.IGNORECASE)


def python_files() -> list[Path]:
    """The project's Python files outside the tests (the simulator included)."""
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_no_python_file_outside_the_tests_and_the_simulator_passes_400_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in python_files()
        if "demo" not in path.relative_to(ROOT).parts[:2]
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def multiline_sql(path: Path) -> list[int]:
    """Lines where a plain string of more than one line starts with SQL (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
               for part in node.values}  # fmt: skip
    skipped |= {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and "\n" in node.value.strip()
        and SQL_START.match(node.value)
    ]


def test_the_check_for_sql_in_python_finds_it(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('Q = """\nselect 1\nfrom t\n"""\nA = "select 1"\n')
    assert multiline_sql(sample) == [1]


def test_no_hand_written_sql_of_more_than_one_line_lives_in_python():
    found = {str(path.relative_to(ROOT)): lines for path in python_files()
             if (lines := multiline_sql(path))}  # fmt: skip
    assert found == {}


@pytest.mark.parametrize("source", sorted(CONNECTORS))
def test_each_network_keeps_the_connector_contract(source):
    network = CONNECTORS[source]
    assert network.source == source
    assert isinstance(network, Connector)


def test_an_object_without_the_methods_is_not_a_connector():
    assert not isinstance(object(), Connector)


def test_the_lookups_of_the_networks_are_kept_apart():
    endpoints = [network.lookup_endpoint for network in CONNECTORS.values()]
    assert len(set(endpoints)) == len(endpoints) == 3


def test_every_connector_module_logs_through_the_redaction_filter():
    modules = {"sources"} | {
        info.name for info in pkgutil.walk_packages(sources.__path__, "sources.")
        if not info.name.startswith("sources.demo")
    }  # fmt: skip
    assert modules - set(REDACTED_LOGGERS) == set()
