"""Delivering a chat-week with the plain functions: real SMTP server, real warehouse ledger."""

from datetime import date, timedelta

import duckdb
import pytest

from config.chat import ChatSettings
from config.settings import DeliverySettings, Settings
from delivery.ledger import (
    LOW_DATA_NOTE,
    SPONSOR_REPORT,
    Delivery,
    publish_outcome,
    published_completed_weeks,
    published_delivered,
    record_deliveries,
    unsent_weeks,
)
from delivery.week import check_volume, deliver_week, undelivered
from reports.volume import Volume
from tests.delivery.conftest import END_WEEK, report_page, simulated_warehouse
from tests.delivery.smtpserver import Recorder, smtp_server
from warehouse.migrate import migrate

SPONSORS = ["sponsor@example.com", "Agency@Example.com"]
MANAGER = "manager@example.com"
NORMAL = Volume(100, 100.0, 2)
LOW = Volume(10, 100.0, 2, True)


def no_images(figures):
    return [None] * len(figures)


@pytest.fixture
def week(tmp_path):
    """A fresh warehouse (the ledger is written) and a report page to attach."""
    settings = simulated_warehouse(tmp_path / "w")
    return settings, report_page(tmp_path / "reports")


def _configured(settings: Settings, port: int, **delivery) -> Settings:
    chat: ChatSettings = settings.chat("tchat").model_copy(
        update={"recipients": SPONSORS, "alerts": [MANAGER]}
    )
    return settings.model_copy(
        update={
            "chats": {"tchat": chat},
            "delivery": DeliverySettings(
                smtp_host="127.0.0.1",
                smtp_port=port,
                security="none",
                sender="reports@example.org",
                retry_delay_seconds=0.01,
                **delivery,
            ),
        }
    )


def _deliver_and_record(settings, page, volume=NORMAL, force=False, run_id="run-1"):
    deliveries = deliver_week(settings, "tchat", END_WEEK, page, volume, force, images=no_images)
    publish_outcome(settings.warehouse, run_id, "tchat", END_WEEK, deliveries, volume)
    return deliveries


def test_each_recipient_gets_the_report_once_unless_forced(week):
    base, page = week
    handler = Recorder()
    with smtp_server(handler) as port:
        settings = _configured(base, port)
        first = _deliver_and_record(settings, page)
        again = _deliver_and_record(settings, page, run_id="run-2")
        forced = _deliver_and_record(settings, page, force=True, run_id="run-3")
    assert [(d.kind, d.recipient, d.sent) for d in first] == [
        (SPONSOR_REPORT, r, True) for r in SPONSORS
    ]
    assert again == []
    assert [d.recipient for d in forced] == SPONSORS
    assert [r.recipients for r in handler.received] == [[r] for r in SPONSORS * 2]
    assert published_delivered(settings.warehouse, "tchat", END_WEEK, SPONSOR_REPORT) == {
        r.lower() for r in SPONSORS
    }
    assert published_completed_weeks(settings.warehouse, "tchat") == {END_WEEK}


def test_a_low_week_notes_the_alert_addresses_once(week):
    base, page = week
    handler = Recorder()
    with smtp_server(handler) as port:
        settings = _configured(base, port)
        first = _deliver_and_record(settings, page, LOW)
        again = _deliver_and_record(settings, page, LOW, run_id="run-2")
    assert [(d.kind, d.recipient) for d in first] == [
        (SPONSOR_REPORT, SPONSORS[0]),
        (SPONSOR_REPORT, SPONSORS[1]),
        (LOW_DATA_NOTE, MANAGER),
    ]
    assert again == []
    [note] = handler.to(MANAGER)
    assert note["Subject"] == "[chatreach] tchat 2026-W47: little data"
    assert LOW.warning in note.get_content()
    report = handler.to(SPONSORS[0])[0]
    assert report["Subject"].startswith("[Low data] ")


def test_a_failed_delivery_is_recorded_and_the_week_stays_incomplete(week):
    base, page = week
    handler = Recorder(refuse_recipients={SPONSORS[1].lower()})
    with smtp_server(handler) as port:
        settings = _configured(base, port)
        deliveries = _deliver_and_record(settings, page)
        retried = _deliver_and_record(settings, page, run_id="run-2")
    assert [(d.recipient, d.sent) for d in deliveries] == [
        (SPONSORS[0], True),
        (SPONSORS[1], False),
    ]
    assert "550" in undelivered(deliveries) and SPONSORS[1] in undelivered(deliveries)
    assert published_completed_weeks(settings.warehouse, "tchat") == set()
    assert [(d.recipient, d.sent) for d in retried] == [(SPONSORS[1], False)]  # only the due one


def test_nothing_due_opens_no_connection(week):
    base, page = week
    settings = base.model_copy(
        update={"delivery": DeliverySettings(smtp_host="127.0.0.1", smtp_port=1, security="none")}
    )
    assert deliver_week(settings, "tchat", END_WEEK, page, LOW, images=no_images) == []


def test_the_volume_of_a_simulated_week(simulated):
    volume = check_volume(simulated, "tchat", END_WEEK)
    assert volume.posts > 0 and volume.weeks_compared == 2 and not volume.is_low


def test_undelivered_is_none_when_all_went():
    assert undelivered([Delivery(SPONSOR_REPORT, "a@example.com", True, 1)]) is None
    assert undelivered([]) is None


def test_no_ledger_yet_means_nothing_delivered(tmp_path):
    settings = Settings.model_validate({"warehouse": {"path": str(tmp_path / "none.duckdb")}})
    week = date(2026, 1, 5)
    assert published_delivered(settings.warehouse, "tchat", week, SPONSOR_REPORT) == set()
    assert published_completed_weeks(settings.warehouse, "tchat") == set()


def test_unsent_weeks_are_the_last_four_with_a_recipient_still_lacking_the_report():
    """W42 is five weeks back (too old); W43 failed then was sent (done); W44 failed for one of
    two recipients (unsent, once); W45's low-data note failed (not a report); W46 failed."""
    con = duckdb.connect()
    migrate(con)
    weeks = {n: END_WEEK - timedelta(weeks=47 - n) for n in (42, 43, 44, 45, 46)}

    def record(week: int, kind: str, recipient: str, sent: bool) -> None:
        outcome = Delivery(kind, recipient, sent, attempts=3)
        record_deliveries(con, "tchat", weeks[week], [outcome], "run")

    record(42, SPONSOR_REPORT, "a@example.com", False)
    record(43, SPONSOR_REPORT, "a@example.com", False)
    record(43, SPONSOR_REPORT, "A@example.com", True)
    record(44, SPONSOR_REPORT, "a@example.com", True)
    record(44, SPONSOR_REPORT, "b@example.com", False)
    record(44, SPONSOR_REPORT, "b@example.com", False)
    record(45, LOW_DATA_NOTE, "m@example.com", False)
    record(46, SPONSOR_REPORT, "a@example.com", False)
    record_deliveries(con, "other", weeks[46], [Delivery(SPONSOR_REPORT, "x@y.z", False, 1)], "r")
    assert unsent_weeks(con, "tchat", END_WEEK) == [weeks[44], weeks[46]]
