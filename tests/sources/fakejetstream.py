"""A Jetstream on 127.0.0.1 for the listening tests: a WebSocket server (the `websockets`
library) that replays event lines as they were recorded.

Each connection gets the lines whose `time_us` is at or after the `cursor` of its URL (all
of them without one), in file order, then stays open and quiet. `drop_after` cuts the first
connection's socket after that many lines, without a close frame, as a lost network does.
`pace` spaces the lines out. The URL of every connection is kept in `connections`.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


@dataclass
class FakeJetstream:
    lines: list[str]
    drop_after: int | None = None
    pace: float = 0.0
    """Seconds between two lines (so that a session writes several batches)."""
    connections: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _handle(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else "/"
        self.connections.append(path)
        values = parse_qs(urlsplit(path).query).get("cursor")
        cursor = int(values[0]) if values else None
        first = len(self.connections) == 1
        sent = 0
        try:
            for line in self.lines:
                if cursor is not None and json.loads(line)["time_us"] < cursor:
                    continue
                if first and self.drop_after is not None and sent == self.drop_after:
                    ws.socket.shutdown(socket.SHUT_RDWR)
                    return
                ws.send(line)
                sent += 1
                if self.pace:
                    self._stop.wait(self.pace)
            while not self._stop.wait(0.05):
                pass
        except (ConnectionClosed, OSError):
            return


@contextmanager
def jetstream(
    lines: list[str], drop_after: int | None = None, pace: float = 0.0
) -> Iterator[tuple[str, FakeJetstream]]:
    """A running fake Jetstream and its subscribe URL."""
    fake = FakeJetstream(lines, drop_after, pace)
    server = serve(fake._handle, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.socket.getsockname()[:2]
    try:
        yield f"ws://{host}:{port}/subscribe", fake
    finally:
        fake._stop.set()
        server.shutdown()
        thread.join(5)
