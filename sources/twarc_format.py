"""What a twarc2 archive looks like on disk: recognised by its content, read through gzip
when compressed. Light on purpose: `chatreach ingest files` asks `is_twarc` of every posts
file, and only an archive needs the X connector that `sources.twarc` maps it with."""

import gzip
import json
from pathlib import Path
from typing import IO, Any, cast


def open_archive(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip."""
    handle = path.open("rb")
    if handle.read(2) == b"\x1f\x8b":
        handle.close()
        return cast(IO[bytes], gzip.open(path, "rb"))
    handle.seek(0)
    return handle


def looks_like_page(value: Any) -> bool:
    """Whether a decoded line is a twarc2 page: `data` (a list, or one object for stream
    output) beside `__twarc` or `includes`."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("data"), list | dict)
        and ("__twarc" in value or "includes" in value)
    )


def is_twarc(path: str | Path) -> bool:
    """True when the first non-empty line of the file is a twarc2 page."""
    with open_archive(Path(path)) as handle:
        for raw in handle:
            if not raw.strip():
                continue
            try:
                return looks_like_page(json.loads(raw))
            except ValueError:
                return False
    return False
