"""Debian's chromium for the browser tests, driven by Playwright (no browser download)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def installed_chromium() -> Path:
    """Debian's chromium, installed with apt-get when it is missing."""
    if not CHROMIUM.exists():
        if shutil.which("apt-get") is None:
            pytest.skip("no /usr/bin/chromium and no apt-get to install Debian's chromium")
        if os.geteuid() != 0:
            pytest.skip("no /usr/bin/chromium; installing it with apt-get needs root")
        subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    assert CHROMIUM.exists()
    return CHROMIUM
