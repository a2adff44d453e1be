"""Sending over a real SMTP server on 127.0.0.1: plain, STARTTLS and SSL, with bounded retries."""

from email.message import EmailMessage

import pytest

from config.section import ConfigError
from config.settings import DeliverySettings
from delivery.smtp import SmtpServer, send_messages, smtp_server
from tests.delivery.smtpserver import Credentials, Recorder, free_port, self_signed
from tests.delivery.smtpserver import smtp_server as serving

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SENDER = "reports@example.org"


def _message(to: str, subject: str = "hello") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = SENDER, to, subject
    message["Message-ID"] = f"<{subject}.{to.partition('@')[0]}@example.org>"
    message.set_content("body")
    return message


def _server(port: int, security: str = "none", **options) -> SmtpServer:
    return SmtpServer(
        "127.0.0.1",
        port,
        security,
        SENDER,
        **{"timeout_seconds": 5, "retry_delay_seconds": 0.01, **options},
    )


def test_each_message_reaches_its_recipient_only():
    handler = Recorder()
    with serving(handler) as port:
        results = send_messages(
            _server(port),
            [
                ("a@example.com", _message("a@example.com")),
                ("b@example.com", _message("b@example.com")),
            ],
        )
    assert [(r.recipient, r.sent, r.attempts) for r in results] == [
        ("a@example.com", True, 1),
        ("b@example.com", True, 1),
    ]
    assert [(r.sender, r.recipients) for r in handler.received] == [
        (SENDER, ["a@example.com"]),
        (SENDER, ["b@example.com"]),
    ]
    assert results[0].message_id == "<hello.a@example.org>"


def test_a_temporary_refusal_is_retried_after_a_delay():
    """The server answers the first DATA with 451; the second attempt goes through."""
    handler = Recorder(refuse_data=1)
    delays = []
    with serving(handler) as port:
        [result] = send_messages(
            _server(port, retry_delay_seconds=2.0),
            [("a@example.com", _message("a@example.com"))],
            sleep=delays.append,
        )
    assert (result.sent, result.attempts, result.error) == (True, 2, None)
    assert delays == [2.0]
    assert handler.data_attempts == 2 and len(handler.received) == 1


def test_retries_are_bounded_and_the_last_error_is_kept():
    handler = Recorder(refuse_data=10)
    delays = []
    with serving(handler) as port:
        [result] = send_messages(
            _server(port, attempts=3, retry_delay_seconds=1.0),
            [("a@example.com", _message("a@example.com"))],
            sleep=delays.append,
        )
    assert (result.sent, result.attempts) == (False, 3)
    assert result.error == "451 4.3.0 Try again later"
    assert delays == [1.0, 2.0]  # doubling
    assert handler.received == []


def test_a_permanent_refusal_is_not_retried_and_others_still_go():
    handler = Recorder(refuse_recipients={"gone@example.com"})
    with serving(handler) as port:
        gone, ok = send_messages(
            _server(port),
            [
                ("gone@example.com", _message("gone@example.com")),
                ("ok@example.com", _message("ok@example.com")),
            ],
            sleep=lambda _: pytest.fail("nothing to retry"),
        )
    assert (gone.sent, gone.attempts) == (False, 1)
    assert "550" in gone.error and "gone@example.com" in gone.error
    assert (ok.sent, ok.attempts) == (True, 1)


def test_no_server_is_a_temporary_failure_retried_then_reported():
    port = free_port()  # nothing listens there
    [result] = send_messages(
        _server(port, attempts=2), [("a@example.com", _message("x"))], sleep=lambda _: None
    )
    assert (result.sent, result.attempts) == (False, 2)
    assert "ConnectionRefusedError" in result.error


def test_login_with_credentials_and_a_wrong_password_is_not_retried():
    handler = Recorder()
    credentials = Credentials("reports", "s3cret-password")
    with serving(handler, credentials) as port:
        [good] = send_messages(
            _server(port, username="reports", password="s3cret-password"),
            [("a@example.com", _message("a@example.com"))],
        )
        [bad] = send_messages(
            _server(port, username="reports", password="wrong"),
            [("a@example.com", _message("a@example.com"))],
            sleep=lambda _: pytest.fail("a refused login is not retried"),
        )
    assert good.sent and not bad.sent
    assert bad.error.startswith("535") and "wrong" not in bad.error


def test_starttls_and_ssl(tmp_path):
    server_tls, client_tls = self_signed(tmp_path)
    handler = Recorder()
    credentials = Credentials("reports", "s3cret-password")
    with serving(handler, credentials, tls_context=server_tls, require_starttls=True) as port:
        [result] = send_messages(
            _server(
                port,
                "starttls",
                username="reports",
                password="s3cret-password",
                tls_context=client_tls,
            ),
            [("a@example.com", _message("a@example.com", "starttls"))],
        )
    assert result.sent, result.error
    with serving(handler, ssl_context=server_tls) as port:
        [result] = send_messages(
            _server(port, "ssl", tls_context=client_tls),
            [("a@example.com", _message("a@example.com", "ssl"))],
        )
    assert result.sent, result.error
    assert [r.message["Subject"] for r in handler.received] == ["starttls", "ssl"]


def test_an_untrusted_certificate_is_not_retried(tmp_path):
    server_tls, _ = self_signed(tmp_path)
    with serving(Recorder(), tls_context=server_tls) as port:
        [result] = send_messages(
            _server(port, "starttls"),
            [("a@example.com", _message("x"))],
            sleep=lambda _: pytest.fail("not retried"),
        )
    assert not result.sent and "CERTIFICATE_VERIFY_FAILED" in result.error


def test_credentials_come_from_the_named_environment_variables():
    delivery = DeliverySettings(username_env="SMTP_USERNAME", password_env="SMTP_PASSWORD")
    server = smtp_server(delivery, env={"SMTP_USERNAME": "me", "SMTP_PASSWORD": "pw-123456"})
    assert (server.username, server.password) == ("me", "pw-123456")
    assert "pw-123456" not in repr(server)
    with pytest.raises(
        ConfigError, match="delivery.password_env: environment variable SMTP_PASSWORD is not set"
    ):
        smtp_server(delivery, env={"SMTP_USERNAME": "me"})
