"""The weekly flow end to end with delivery: a real SMTP server on 127.0.0.1, real Prefect runs."""

import duckdb
import pytest

from config.settings import DeliverySettings, Settings
from tests.builders import config_file
from tests.delivery.conftest import END_WEEK, previous_week, simulated_warehouse
from tests.delivery.smtpserver import Credentials, Recorder, smtp_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

SPONSOR = "sponsor@example.com"
MANAGER = "manager@example.com"
SMTP_PASSWORD = "smtp-secret-4242"
X_TOKEN = "x-bearer-secret-9797"


@pytest.fixture
def secrets(monkeypatch):
    monkeypatch.setenv("SMTP_USERNAME", "reports")
    monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("X_BEARER_TOKEN", X_TOKEN)


def _settings(base: Settings, port: int) -> Settings:
    chat = base.chat("tchat").model_copy(update={"recipients": [SPONSOR], "alerts": [MANAGER]})
    return base.model_copy(
        update={
            "chats": {"tchat": chat},
            "delivery": DeliverySettings(
                smtp_host="127.0.0.1",
                smtp_port=port,
                security="none",
                sender="reports@example.org",
                username_env="SMTP_USERNAME",
                password_env="SMTP_PASSWORD",
                retry_delay_seconds=0.1,
            ),
        }
    )


def _rows(settings: Settings, query: str) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse.path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_the_report_is_mailed_once_and_a_refused_attempt_is_retried(
    prefect_harness, tmp_path, secrets
):
    """The server refuses the first DATA with 451: the retry delivers it. A rerun sends nothing."""
    from flows.weekly import weekly

    handler = Recorder(refuse_data=1)
    with smtp_server(handler, Credentials("reports", SMTP_PASSWORD)) as port:
        settings = _settings(simulated_warehouse(tmp_path, weeks=2), port)
        paths = weekly(config_file(settings), "tchat", END_WEEK)
        weekly(config_file(settings), "tchat", END_WEEK)
    assert handler.data_attempts == 2
    [received] = handler.received
    assert received.recipients == [SPONSOR]
    message = received.message
    assert message["To"] == SPONSOR
    assert message["Subject"] == "#TChat 2026-W47: sponsor report (tchat)"
    assert "#TChat 2026-W47" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Headline numbers" in html and "<script" not in html
    [attachment] = list(message.iter_attachments())
    page = attachment.get_content()
    page = page.decode() if isinstance(page, bytes) else page
    assert attachment.get_filename() == "chatreach-tchat-2026-W47-sponsor.html"
    assert "assets/plotly.min.js" not in page and "assets/charts.js" not in page
    assert "plotly.js (basic - minified)" in page and len(page) > 1_000_000  # plotly.js inside
    assert any(str(path).endswith("tchat/2026-W47/sponsor.html") for path in paths)
    assert _rows(settings, "select recipient, status, attempts from ops.deliveries") == [
        (SPONSOR, "sent", 2)
    ]
    assert (
        _rows(settings, "select week_start, is_low_data from ops.weekly_runs")
        == [(END_WEEK, False)] * 2
    )


def test_a_failing_step_sends_one_alert_without_secrets(
    prefect_harness, tmp_path, secrets, monkeypatch
):
    import flows.build
    from flows.weekly import weekly

    def broken(con, chat, full=False, on_step=None):
        raise RuntimeError(f"cannot build with token {X_TOKEN} and password {SMTP_PASSWORD}")

    monkeypatch.setattr(flows.build, "build_chat", broken)
    handler = Recorder()
    with smtp_server(handler, Credentials("reports", SMTP_PASSWORD)) as port:
        settings = _settings(simulated_warehouse(tmp_path, weeks=2), port)
        with pytest.raises(RuntimeError, match="cannot build"):
            weekly(config_file(settings), "tchat", END_WEEK)
    [alert] = handler.received
    assert alert.recipients == [MANAGER]
    text = alert.message.as_string()
    assert alert.message["Subject"] == "[chatreach] tchat 2026-W47: run failed at build"
    assert "Step that failed: build" in text and "cannot build with token [redacted]" in text
    assert X_TOKEN not in text and SMTP_PASSWORD not in text
    assert _rows(settings, "select count(*) from ops.weekly_runs") == [(0,)]


def test_an_undeliverable_report_fails_the_run_keeps_the_files_and_alerts(
    prefect_harness, tmp_path, secrets
):
    from flows.errors import DeliveryFailed
    from flows.weekly import weekly

    handler = Recorder(refuse_recipients={SPONSOR})
    with smtp_server(handler, Credentials("reports", SMTP_PASSWORD)) as port:
        settings = _settings(simulated_warehouse(tmp_path, weeks=2), port)
        with pytest.raises(DeliveryFailed, match="550"):
            weekly(config_file(settings), "tchat", previous_week(END_WEEK))
    page = settings.warehouse.path.parent / "reports" / "tchat" / "2026-W46" / "sponsor.html"
    assert page.exists()
    [alert] = handler.received
    assert alert.recipients == [MANAGER]
    assert "Step that failed: deliver" in alert.message.get_content()
    assert _rows(settings, "select recipient, status from ops.deliveries") == [(SPONSOR, "failed")]
    assert _rows(settings, "select count(*) from ops.weekly_runs") == [(0,)]


def test_next_weeks_run_sends_the_report_a_failed_delivery_left_unsent(
    prefect_harness, tmp_path, secrets
):
    """2026-W46 cannot reach the sponsor; once the server takes mail again, the 2026-W47 run
    sends W47's report, then W46's, and both weeks are complete. A rerun sends nothing."""
    from flows.errors import DeliveryFailed
    from flows.weekly import weekly

    handler = Recorder(refuse_recipients={SPONSOR})
    with smtp_server(handler, Credentials("reports", SMTP_PASSWORD)) as port:
        settings = _settings(simulated_warehouse(tmp_path, weeks=2), port)
        with pytest.raises(DeliveryFailed):
            weekly(config_file(settings), "tchat", previous_week(END_WEEK))
        handler.refuse_recipients.clear()
        weekly(config_file(settings), "tchat", END_WEEK)
        weekly(config_file(settings), "tchat", END_WEEK)
    subjects = [r.message["Subject"] for r in handler.received if r.recipients == [SPONSOR]]
    assert subjects == [
        "#TChat 2026-W47: sponsor report (tchat)",
        "#TChat 2026-W46: sponsor report (tchat)",
    ]
    assert _rows(
        settings, "select week_start, status from ops.deliveries order by delivery_id"
    ) == [
        (previous_week(END_WEEK), "failed"),
        (END_WEEK, "sent"),
        (previous_week(END_WEEK), "sent"),
    ]
    completed = "select week_start, count(*) from ops.weekly_runs group by 1 order by 1"
    assert _rows(settings, completed) == [(previous_week(END_WEEK), 1), (END_WEEK, 2)]
