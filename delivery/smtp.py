"""Send messages over SMTP (STARTTLS, implicit TLS or plain), retrying temporary failures.

A temporary failure (the connection dropped or timed out, a 4xx reply such as 451) is retried
a bounded number of times with a doubling delay; a permanent one (a 5xx reply, a TLS or login
failure) is not. The password is read from the environment when sending and never appears in
an error text or a repr.
"""

import os
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage

from config.section import ConfigError
from config.settings import DeliverySettings


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send: the [delivery] settings with their credentials resolved."""

    host: str
    port: int
    security: str
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 30.0
    attempts: int = 3
    retry_delay_seconds: float = 10.0
    tls_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)
    """Trust for STARTTLS/SSL (default: the system's certificate authorities)."""


@dataclass(frozen=True)
class SendResult:
    """How sending one message to one recipient ended."""

    recipient: str
    sent: bool
    attempts: int
    message_id: str | None
    error: str | None = None


def _from_env(env: Mapping[str, str], name: str | None, key: str) -> str | None:
    if not name:
        return None
    value = env.get(name)
    if not value:
        raise ConfigError(f"delivery.{key}: environment variable {name} is not set")
    return value


def smtp_server(
    delivery: DeliverySettings,
    env: Mapping[str, str] | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> SmtpServer:
    """The SMTP server of [delivery]; ConfigError when a named credential is not set."""
    env = os.environ if env is None else env
    username = _from_env(env, delivery.username_env, "username_env")
    password = _from_env(env, delivery.password_env, "password_env")
    if password and not username:
        raise ConfigError("delivery.password_env is set but delivery.username_env is not")
    return SmtpServer(
        host=delivery.smtp_host,
        port=delivery.smtp_port,
        security=delivery.security,
        sender=delivery.sender,
        username=username,
        password=password,
        timeout_seconds=delivery.timeout_seconds,
        attempts=delivery.attempts,
        retry_delay_seconds=delivery.retry_delay_seconds,
        tls_context=tls_context,
    )


def is_temporary(error: BaseException) -> bool:
    """Whether trying again later may succeed: a dropped connection or a 4xx reply."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return False
    return isinstance(error, OSError)  # refused, reset, timed out, unreachable


def describe(error: BaseException) -> str:
    """A one-line account of an SMTP error: the server's reply, or the connection problem."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{recipient} refused: {code} {_text(reply)}"
            for recipient, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}".strip().rstrip(":")


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def connect(server: SmtpServer) -> smtplib.SMTP:
    """An open, secured and logged-in connection to the server."""
    context = server.tls_context or ssl.create_default_context()
    smtp: smtplib.SMTP
    if server.security == "ssl":
        smtp = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout_seconds, context=context
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout_seconds)
    try:
        smtp.ehlo()
        if server.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if server.username:
            smtp.login(server.username, server.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def send_messages(
    server: SmtpServer,
    messages: Sequence[tuple[str | list[str], EmailMessage]],
    sleep: Callable[[float], None] = time.sleep,
) -> list[SendResult]:
    """Send each (recipients, message), retrying temporary failures; one result per message.

    Each try opens one connection and sends every message still pending over it. Messages a
    server refused for good are not tried again.
    """
    pending = list(range(len(messages)))
    attempts = [0] * len(messages)
    errors: list[str | None] = [None] * len(messages)
    sent = [False] * len(messages)
    for attempt in range(1, server.attempts + 1):
        if attempt > 1:
            sleep(server.retry_delay_seconds * 2 ** (attempt - 2))
        give_up = False
        try:
            with connect(server) as smtp:
                for index in list(pending):
                    recipients, message = messages[index]
                    attempts[index] = attempt
                    try:
                        smtp.send_message(message, from_addr=server.sender, to_addrs=recipients)
                    except (
                        smtplib.SMTPRecipientsRefused,
                        smtplib.SMTPSenderRefused,
                        smtplib.SMTPDataError,
                    ) as error:
                        errors[index] = describe(error)
                        if not is_temporary(error):
                            pending.remove(index)
                        continue
                    sent[index], errors[index] = True, None
                    pending.remove(index)
        except (OSError, smtplib.SMTPException) as error:  # connecting, TLS, login, a drop
            for index in pending:
                attempts[index] = attempt
                errors[index] = describe(error)
            give_up = not is_temporary(error)
        if not pending or give_up:
            break
    return [
        SendResult(
            recipients if isinstance(recipients, str) else ", ".join(recipients),
            sent[i],
            attempts[i],
            message.get("Message-ID"),
            errors[i],
        )
        for i, (recipients, message) in enumerate(messages)
    ]
