"""Flows run through Prefect only when a Prefect API is configured; in-process otherwise, with
their failure hook still told the step the run was at."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_TOY = """
import sys
from flows.orchestration import flow, note_step, orchestrated
told = []
@flow(name="toy", run_name=lambda p: f"toy {p['chat']}", on_failure=lambda *a: told.append(a))
def toy(config, chat, week=None):
    note_step("build")
    raise RuntimeError("boom")
try:
    toy("c.toml", "tchat")
except RuntimeError:
    pass
flow_name, run, parameters, error, step = told[0]
print(orchestrated(), flow_name, run, parameters, error, step, "prefect" in sys.modules)
"""


def _run(code: str, tmp_path: Path, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "home"), **env)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=base, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_an_in_process_flow_tells_its_failure_hook_the_step_and_never_imports_prefect(tmp_path):
    assert _run(_TOY, tmp_path) == (
        "False toy toy tchat {'config': 'c.toml', 'chat': 'tchat', 'week': None} boom build False"
    )


def test_an_api_url_in_the_active_prefect_profile_counts_as_configured(tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "profiles.toml").write_text(
        'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n'
    )
    code = "import sys; from flows.orchestration import orchestrated; "
    code += "print(orchestrated(), 'prefect' in sys.modules)"
    assert _run(code, tmp_path) == "True False"
    assert _run(code, tmp_path, PREFECT_PROFILE="default") == "False False"
    assert _run(code, tmp_path, PREFECT_API_URL="http://127.0.0.1:9/api") == "True False"
