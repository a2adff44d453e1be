"""One demo warehouse for the tests that read it as a user would: made by `chatreach demo`
in a process of its own, with no Prefect API configured."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_WEEKS = 4
DEMO_END = "2026-W47"


@dataclass(frozen=True)
class DemoSite:
    folder: Path

    @property
    def warehouse(self) -> Path:
        return self.folder / "chatreach.duckdb"

    @property
    def config(self) -> Path:
        return self.folder / "chatreach.toml"


def environment(home: Path) -> dict[str, str]:
    """The environment of a command run as a user runs it: no Prefect API, our code first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(home / "prefect-home"))
    return env


def chatreach(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`chatreach ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "chatreach", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env=env,
    )


def make_demo(folder: Path) -> DemoSite:
    """Run `chatreach demo` into `folder` and check it succeeded."""
    done = chatreach(
        "demo", "--out", str(folder), "--weeks", str(DEMO_WEEKS), "--end", DEMO_END,
        cwd=folder.parent, env=environment(folder.parent),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return DemoSite(folder)
