"""A scripted HTTP server on 127.0.0.1 for the connector tests (no patching of httpx).

Tests queue replies for (method, path[, query]) with `expect`, or install a `handler` that
decides per request; the server answers in order, records every request it got (method,
path, query, headers, body) and answers 404 to anything not scripted (kept in
`unexpected`). Faults are replies too: any status and headers, a malformed body, or a
`delay` longer than the client's timeout.

Bodies come from the recorded responses copied under tests/fixtures/real (see PROVENANCE.md
there): `recorded(name)` serves a file with the status and headers of its `.meta.json`
sidecar; `twarc_api_body(name, line)` gives the X API response held on a line of a twarc2
archive, without the `__twarc` key twarc added to it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real"


@dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (longer than the client timeout: a timeout)."""


def json_reply(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status, json.dumps(value).encode(), {"content-type": "application/json", **(headers or {})}
    )


@dataclass
class Seen:
    """A request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class _Expectation:
    method: str
    path: str
    query: dict[str, str | None] | None
    replies: list[Reply]

    def matches(self, seen: Seen) -> bool:
        if seen.method != self.method or seen.path != self.path or not self.replies:
            return False
        for name, value in (self.query or {}).items():
            if seen.param(name) != value:
                return False
        return True


class FakeServer:
    """A threaded HTTP server on 127.0.0.1:0 answering from a script."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._expectations: list[_Expectation] = []
        self._handlers: list[tuple[str, str, Callable[[Seen], Reply]]] = []
        self.requests: list[Seen] = []
        self.unexpected: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = Seen(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                reply = server._reply_for(seen)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer to

            do_GET = _serve
            do_POST = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def expect(
        self, method: str, path: str, *replies: Reply, query: dict[str, str | None] | None = None
    ) -> None:
        """Answer the next matching requests with `replies`, one each, in order.

        `query` names parameters the request must have with these values (None: absent).
        """
        with self._lock:
            self._expectations.append(_Expectation(method, path, query, list(replies)))

    def handler(self, method: str, path: str, answer: Callable[[Seen], Reply]) -> None:
        """Answer every request to (method, path) not matched by `expect` with `answer`."""
        with self._lock:
            self._handlers.append((method, path, answer))

    def _reply_for(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            for expectation in self._expectations:
                if expectation.matches(seen):
                    return expectation.replies.pop(0)
            handlers = [h for h in self._handlers if h[0] == seen.method and h[1] == seen.path]
        if handlers:
            return handlers[0][2](seen)
        with self._lock:
            self.unexpected.append(seen)
        return json_reply(
            {"error": f"fakeserver: nothing scripted for {seen.method} {seen.path}"}, status=404
        )

    def pending(self) -> int:
        """Scripted replies not served yet."""
        with self._lock:
            return sum(len(e.replies) for e in self._expectations)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def serving() -> Iterator[FakeServer]:
    server = FakeServer().start()
    try:
        yield server
    finally:
        server.stop()


# -- recorded responses -----------------------------------------------------------------------


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def fixture_bytes(name: str) -> bytes:
    return fixture_path(name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def sidecar(name: str) -> dict[str, Any]:
    path = fixture_path(name)
    return json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))


_DROPPED = {"content-length", "content-encoding", "transfer-encoding", "connection"}


def recorded(name: str, **header_overrides: str) -> Reply:
    """The recorded response: body from the file, status and headers from its sidecar
    (content-encoding is dropped: the stored body is decompressed)."""
    meta = sidecar(name)
    response = meta.get("response") or {}
    headers = {
        k: v for k, v in (response.get("headers") or {}).items() if k.lower() not in _DROPPED
    }
    headers.update(header_overrides)
    status = response.get("status")
    return Reply(status if isinstance(status, int) else 200, fixture_bytes(name), headers)


def twarc_line(name: str, line: int = 1) -> bytes:
    """Line `line` (1-based, counting every line) of a twarc2 archive, as stored."""
    return fixture_bytes(name).split(b"\n")[line - 1]


def twarc_api_body(name: str, line: int = 1) -> bytes:
    """The X API v2 response recorded on a twarc2 line: the same JSON without the `__twarc`
    key that twarc added (re-serialised, so the bytes differ from the archive's)."""
    payload = json.loads(twarc_line(name, line))
    payload.pop("__twarc", None)
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


# -- checks shared by the connector tests ----------------------------------------------------


def rejections(page: Any) -> dict[str, list[Any]]:
    """The rows of a Page's frames that `schemas.validate` rejects, with their reasons."""
    from schemas.records import ACCOUNT, POST, SNAPSHOT
    from schemas.validate import prepare, split

    found = {}
    for kind, frame in ((POST, page.posts), (ACCOUNT, page.accounts), (SNAPSHOT, page.snapshots)):
        assert dict(frame.schema) == kind.columns, f"{kind.name} frame has non-canonical dtypes"
        _, rejected = split(kind, prepare(kind, frame))
        if rejected.height:
            found[kind.name] = rejected.to_dicts()
    return found


def row(frame: Any, column: str, value: str) -> dict[str, Any]:
    """The one row of `frame` whose `column` equals `value`, as a dict."""
    import polars as pl

    rows = frame.filter(pl.col(column) == value).to_dicts()
    assert len(rows) == 1, f"{len(rows)} rows with {column} = {value}"
    return rows[0]
