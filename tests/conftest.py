"""Test-session settings: Prefect runs offline on one temporary server for the whole suite."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for every test that runs a real flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """A demo warehouse and its reports, made once by `chatreach demo`; read it, never write."""
    from tests.demo_site import make_demo

    return make_demo(tmp_path_factory.mktemp("demo-site") / "demo")


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium (installed by the test set-up when missing)."""
    from tests.browser import installed_chromium

    return installed_chromium()


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the suite, launched through Playwright."""
    from tests.browser import ARGS

    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield instance
        instance.close()
