"""Messages to a chat's `alerts` addresses: a run failed, or a week had too little data.

Their text never carries a secret: the values of the environment variables the configuration
names for credentials, and of any variable whose name says it holds one, are redacted.
"""

import os
import re
import socket
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from config.settings import Settings
from transforms.weeks import week_label

REDACTED = "[redacted]"
SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIAL", re.IGNORECASE
)
MIN_SECRET_LENGTH = 4
"""Shorter values are not treated as secrets: redacting them would garble ordinary words."""
MESSAGE_LIMIT = 4000


def secret_names(settings: Settings) -> set[str]:
    """The environment variables the configuration names for credentials."""
    names = {
        settings.delivery.password_env,
        settings.sources.x.token_env,
        settings.sources.mastodon.token_env,
        settings.sources.bluesky.password_env,
    }
    return {name for name in names if name}


def secret_values(settings: Settings, env: Mapping[str, str] | None = None) -> list[str]:
    """The values to keep out of any alert, longest first."""
    env = os.environ if env is None else env
    names = secret_names(settings) | {name for name in env if SECRET_NAME.search(name)}
    values = {env[name] for name in names if len(env.get(name) or "") >= MIN_SECRET_LENGTH}
    return sorted(values, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """The text with every secret value replaced by [redacted]."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def _message(sender: str, recipients: list[str], subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "chatreach.invalid")
    message.set_content(body)
    return message


def failure_alert(
    settings: Settings,
    chat: str,
    week_start: date | None,
    step: str,
    error: str,
    run_name: str | None = None,
    env: Mapping[str, str] | None = None,
    flow: str = "weekly",
) -> EmailMessage:
    """The one message that tells the chat's alert addresses a run failed, and where."""
    secrets = secret_values(settings, env)
    error = error.strip() or "(no message)"
    if len(error) > MESSAGE_LIMIT:
        error = error[:MESSAGE_LIMIT] + " …"
    if flow == "weekly":
        week = week_label(week_start) if week_start else "the last complete week"
        what = f"The weekly run of chat '{chat}' for {week}"
        again = f"chatreach weekly --chat {chat}" + (
            f" --week {week_label(week_start)}" if week_start else ""
        )
        subject = f"[chatreach] {chat} {week}: run failed at {step}"
    else:
        what = f"The {flow} run of chat '{chat}'"
        again = "the next scheduled run resumes where this one stopped, or by hand: " + (
            f"chatreach weekly --chat {chat}"
        )
        subject = f"[chatreach] {chat} {flow}: run failed at {step}"
    body = "\n".join(
        [
            f"{what} failed.",
            "",
            f"Step that failed: {step}",
            f"Message: {error}",
            "",
            f"Run: {run_name or flow} on {socket.gethostname()}, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            "Reports already written stay where they are; nothing was sent for a step that did",
            "not complete. Once the cause is fixed, run it again:",
            f"    {again}",
            *(
                ["(A report that could not be delivered also goes out with the next weekly run.)"]
                if flow == "weekly"
                else []
            ),
            "",
            "-- ",
            "Sent by chatreach.",
        ]
    )
    return _message(
        settings.delivery.sender,
        settings.chat(chat).alerts,
        redact(subject, secrets),
        redact(body, secrets),
    )


def low_data_note(
    settings: Settings,
    chat: str,
    week_start: date,
    warning: str,
    recipient: str,
) -> EmailMessage:
    """The note to an alert address that a week was delivered with a low-data warning."""
    label = week_label(week_start)
    body = "\n".join(
        [
            f"The report of chat '{chat}' for {label} was delivered with this warning:",
            "",
            f"    {warning}",
            "",
            "If posts are missing, pull again and rerun the week; a forced rerun sends the",
            "corrected report:",
            f"    chatreach weekly --chat {chat} --week {label} --force",
            "",
            "-- ",
            "Sent by chatreach.",
        ]
    )
    return _message(
        settings.delivery.sender, [recipient], f"[chatreach] {chat} {label}: little data", body
    )
