"""The one HTTP client of the connectors: retries, rate limits, bounded waits, no leaked secrets.

Why plain httpx rather than tweepy, Mastodon.py or atproto: every source must take a
configurable `base_url` (tests and self-hosted instances), we keep each response body exactly
as received for the `raw` log (the SDKs hand back parsed models), and one retry and rate-limit
policy with a bounded, counted wait and an injectable sleep serves all three platforms (the
SDKs each sleep or raise in their own way). httpx is already a dependency; the three APIs
used here are a handful of GET endpoints plus the Bluesky login.

Secrets (tokens, passwords, session JWTs) are read from the environment by `read_secret`,
registered, and replaced by `***` wherever they could surface: log records of this package
and of httpx/httpcore (the `RedactSecrets` filter), exception messages, URLs and bodies.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import polars as pl

from schemas.pages import Page, PullReport, SourceError
from sources.secrets import RedactSecrets, read_secret, redact, redact_bytes, register_secret

__all__ = [
    "HttpClient",
    "RedactSecrets",
    "Response",
    "SourceError",
    "read_secret",
    "redact",
    "register_secret",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Response:
    """A final response: its URL (secrets removed), status, headers and body as received."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    """The body exactly as received (parse it; store `redacted_body()`)."""
    received_at: datetime
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    """The Link header's links by rel, as httpx parses them."""

    def redacted_body(self) -> bytes:
        """The body with any registered secret replaced by `***` (for Page.body)."""
        return redact_bytes(self.body)

    def unexpected(self, what: str, problem: object) -> SourceError:
        """The error for a body that parsed but is not what `what` should answer."""
        return SourceError(f"{what}: unexpected payload from {self.url}: {problem}")

    def page(
        self,
        source: str,
        endpoint: str,
        posts: pl.DataFrame,
        accounts: pl.DataFrame,
        snapshots: pl.DataFrame,
        cursor: str | None,
    ) -> Page:
        """This response as a Page, with the frames mapped from it (the body redacted)."""
        return Page(
            source=source,
            endpoint=endpoint,
            url=self.url,
            received_at=self.received_at,
            status=self.status,
            body=self.redacted_body(),
            posts=posts,
            accounts=accounts,
            snapshots=snapshots,
            cursor=cursor,
        )

    def json(self, what: str) -> Any:
        """The body parsed as JSON, or a SourceError naming `what`, the URL and the problem."""
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise SourceError(
                f"{what}: malformed JSON from {self.url} (status {self.status}, "
                f"{len(self.body)} bytes): {error}",
                status=self.status,
            ) from None


def _seconds_until(moment: datetime, now: float) -> float:
    return moment.timestamp() - now


def retry_after_seconds(headers: httpx.Headers, now: float) -> float | None:
    """`Retry-After` as seconds from now: a number of seconds or an HTTP date."""
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, _seconds_until(moment, now))


_REMAINING = ("x-rate-limit-remaining", "x-ratelimit-remaining", "ratelimit-remaining")
_RESET = ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")
EPOCH_THRESHOLD = 1_000_000_000
"""A numeric reset at or above this is an epoch time (X, Bluesky), below it a delta in seconds."""


def rate_limit(headers: httpx.Headers, now: float) -> tuple[int | None, float | None]:
    """(remaining, reset as epoch seconds) from the rate-limit headers of X (`x-rate-limit-*`,
    epoch), Mastodon (`X-RateLimit-*`, ISO time) or Bluesky (`RateLimit-*`, epoch or delta)."""
    remaining = None
    for name in _REMAINING:
        value = headers.get(name)
        if value is not None:
            try:
                remaining = int(float(value.strip()))
            except ValueError:
                remaining = None
            break
    reset = None
    for name in _RESET:
        value = headers.get(name)
        if value is None:
            continue
        value = value.strip()
        try:
            number = float(value)
        except ValueError:
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                break
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            reset = moment.timestamp()
        else:
            reset = number if number >= EPOCH_THRESHOLD else now + number
        break
    return remaining, reset


class HttpClient:
    """An httpx client with the retry and rate-limit policy of all connectors.

    - 429, 5xx and transport errors (including timeouts) are retried up to `max_retries`
      times, after `Retry-After`, else (for 429) the rate-limit reset, else an exponential
      backoff (`backoff_seconds` × 2^attempt, at most `max_backoff_seconds`).
    - A response saying no requests remain (`remaining` 0 with a reset time) makes the next
      request wait until the reset (plus `reset_margin_seconds`). Waits for rate limits are
      counted in `PullReport.rate_limit_waits`; every sleep adds to `waited_seconds`.
    - Waiting is bounded: if one request would wait more than `max_wait_seconds` in total, or
      the client more than `max_total_wait_seconds` (when set), it raises SourceError
      instead of sleeping.
    - Other non-2xx statuses raise SourceError (with `.status`); the caller decides.
    - `sleep` and `clock` are injectable so tests do not wait.
    """

    source = "http"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 60.0,
        max_wait_seconds: float = 900.0,
        max_total_wait_seconds: float | None = None,
        reset_margin_seconds: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.max_wait_seconds = max_wait_seconds
        self.max_total_wait_seconds = max_total_wait_seconds
        self.reset_margin_seconds = reset_margin_seconds
        self.sleep = sleep
        self.clock = clock
        self.total_waited = 0.0
        self._blocked_until: float | None = None
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout),
            headers={
                "User-Agent": "chatreach/0.1",
                "Accept": "application/json",
                **(headers or {}),
            },
            follow_redirects=False,
            transport=transport,
        )

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- auth --------------------------------------------------------------------------------
    def set_bearer(self, token: str | None) -> None:
        """Send `Authorization: Bearer token` from now on (None: send none)."""
        if token is None:
            self._http.headers.pop("Authorization", None)
            return
        register_secret(token)
        self._http.headers["Authorization"] = f"Bearer {token}"

    # -- requests ----------------------------------------------------------------------------
    def url_for(self, path: str, params: Any = None) -> str:
        """The URL a request would go to, secrets removed (for messages and Page.url)."""
        return redact(str(self._http.build_request("GET", path, params=params).url))

    def get(
        self, path: str, *, params: Any = None, report: PullReport | None = None, what: str = ""
    ) -> Response:
        return self.request("GET", path, params=params, report=report, what=what)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        report: PullReport | None = None,
        what: str = "",
    ) -> Response:
        """Send one request with the retry policy; the final 2xx response, else SourceError."""
        what = what or f"{self.source} {method} {path}"
        report = report if report is not None else PullReport()
        waited = 0.0
        attempt = 0
        while True:
            if self._blocked_until is not None:
                pause = self._blocked_until - self.clock()
                self._blocked_until = None
                if pause > 0:
                    waited = self._wait(
                        pause,
                        waited,
                        report,
                        what,
                        "no requests remain until the rate-limit reset",
                        rate_limited=True,
                    )
            request = self._http.build_request(
                method, path, params=params, json=json, headers=headers
            )
            url = redact(str(request.url))
            try:
                raw = self._http.send(request)
                body = raw.read()
            except httpx.TransportError as error:
                problem = f"{type(error).__name__}: {redact(str(error)) or 'no detail'}"
                if attempt >= self.max_retries:
                    raise SourceError(
                        f"{what}: {url} failed after {attempt} retries: {problem}"
                    ) from None
                delay = self._backoff(attempt)
                log.warning("%s: %s on %s; retrying in %.1f s", what, problem, url, delay)
                waited = self._wait(delay, waited, report, what, problem, rate_limited=False)
                attempt += 1
                report.retries += 1
                continue
            received_at = datetime.now(UTC)
            now = self.clock()
            remaining, reset = rate_limit(raw.headers, now)
            status = raw.status_code
            if status == 429 or status >= 500:
                if attempt >= self.max_retries:
                    raise SourceError(
                        f"{what}: {url} answered {status} after {attempt} retries: "
                        f"{_excerpt(body)}",
                        status=status,
                    )
                after = retry_after_seconds(raw.headers, now)
                if after is not None:
                    delay = after
                elif status == 429 and reset is not None:
                    delay = max(0.0, reset - now) + self.reset_margin_seconds
                else:
                    delay = self._backoff(attempt)
                log.warning("%s: %s answered %s; retrying in %.1f s", what, url, status, delay)
                waited = self._wait(
                    delay, waited, report, what, f"status {status}", rate_limited=status == 429
                )
                attempt += 1
                report.retries += 1
                continue
            if remaining is not None and remaining <= 0 and reset is not None:
                self._blocked_until = reset + self.reset_margin_seconds
            log.debug("%s: %s answered %s (%d bytes)", what, url, status, len(body))
            if not 200 <= status < 300:
                raise SourceError(
                    f"{what}: {url} answered {status}: {_excerpt(body)}",
                    status=status,
                    error=_error_code(body),
                )
            return Response(
                url=url,
                status=status,
                headers=raw.headers,
                body=body,
                received_at=received_at,
                links=raw.links,
            )

    def _backoff(self, attempt: int) -> float:
        return float(min(self.max_backoff_seconds, self.backoff_seconds * 2**attempt))

    def _wait(
        self,
        seconds: float,
        waited: float,
        report: PullReport,
        what: str,
        why: str,
        *,
        rate_limited: bool,
    ) -> float:
        """Sleep `seconds` if the bounds allow it; return the request's new total wait."""
        if waited + seconds > self.max_wait_seconds:
            raise SourceError(
                f"{what}: would wait {seconds:.1f} s more ({why}) after {waited:.1f} s "
                f"already; max_wait_seconds is {self.max_wait_seconds:g}"
            )
        if (
            self.max_total_wait_seconds is not None
            and self.total_waited + seconds > self.max_total_wait_seconds
        ):
            raise SourceError(
                f"{what}: would wait {seconds:.1f} s more ({why}) after {self.total_waited:.1f}"
                f" s in this pull; max_total_wait_seconds is {self.max_total_wait_seconds:g}"
            )
        self.sleep(seconds)
        self.total_waited += seconds
        report.waited_seconds += seconds
        if rate_limited:
            report.rate_limit_waits += 1
        return waited + seconds


def _error_code(body: bytes) -> str | None:
    """The `error` string of a JSON error body ({"error": "ExpiredToken", ...}), if any."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    code = value.get("error") if isinstance(value, dict) else None
    return redact(code) if isinstance(code, str) else None


def _excerpt(body: bytes, limit: int = 300) -> str:
    text = body[:limit].decode("utf-8", errors="replace").replace("\n", " ").strip()
    if len(body) > limit:
        text += "…"
    return redact(text) or "(empty body)"
