"""Secrets of the connectors: read from the environment, registered, and replaced by `***`
wherever they could surface (log records of the connectors and of httpx/httpcore, exception
messages, URLs and bodies)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping

from schemas.pages import SourceError

_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
MIN_SECRET_LENGTH = 4
"""Shorter values are not registered: replacing every "abc" in the logs would hide too much."""


def register_secret(value: str | None) -> None:
    """Remember a secret value so it is redacted from logs, errors, URLs and bodies."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _SECRETS_LOCK:
            _SECRETS.add(value)


def redact(text: str) -> str:
    """`text` with every registered secret replaced by `***`."""
    if not _SECRETS or not text:
        return text
    with _SECRETS_LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "***")
    return text


def redact_bytes(body: bytes) -> bytes:
    if not _SECRETS or not body:
        return body
    with _SECRETS_LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        raw = secret.encode("utf-8")
        if raw in body:
            body = body.replace(raw, b"***")
    return body


class RedactSecrets(logging.Filter):
    """Replaces registered secret values by `***` in a record's message, args and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _SECRETS:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to complain
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


REDACTED_LOGGERS = (
    "sources",
    "sources.bluesky",
    "sources.bluesky.mapping",
    "sources.bluesky.pull",
    "sources.connector",
    "sources.files",
    "sources.http",
    "sources.jetstream",
    "sources.mastodon",
    "sources.mastodon.mapping",
    "sources.mastodon.pull",
    "sources.pages",
    "sources.rate_limits",
    "sources.secrets",
    "sources.simulated",
    "sources.text",
    "sources.twarc",
    "sources.twarc_format",
    "sources.x",
    "sources.x.mapping",
    "sources.x.pull",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


def install_redaction(names: tuple[str, ...] = REDACTED_LOGGERS) -> None:
    """Put one `RedactSecrets` filter on each named logger (a logger's filters do not apply
    to records of its children, hence the explicit list). Idempotent."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


install_redaction()


def read_secret(
    env_name: str, *, source: str, required: bool, env: Mapping[str, str] | None = None
) -> str | None:
    """The value of environment variable `env_name`, registered as a secret.

    A missing required one raises a SourceError naming the variable (never a value).
    """
    value = (os.environ if env is None else env).get(env_name, "").strip()
    if not value:
        if required:
            raise SourceError(f"{source}: set the environment variable {env_name}")
        return None
    register_secret(value)
    return value
