"""The write model: a private working copy, published atomically, with a lock between writers.

Every command that writes opens `writing(path)`. It takes the lock beside the warehouse, works
on `.NAME.work` (a copy of the published file, or the copy a killed run left behind, which
holds that run's committed steps), and on success checkpoints it and moves it over the
configured path with `os.replace`. Readers of the configured path keep their view until they
reconnect; a crash leaves the configured path as it was.
"""

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.limits import apply_limits, limit_exceeded
from warehouse.migrate import LATEST_VERSION, migrate, schema_version


class WarehouseLocked(RuntimeError):
    """Another writer held the lock for longer than the configured wait."""


class WarehouseMissing(FileNotFoundError):
    """There is no warehouse at the configured path yet."""


class WarehouseOutdated(RuntimeError):
    """The warehouse is older than this chatreach's schema; a writing command upgrades it."""


@dataclass(frozen=True)
class Paths:
    """The files that make up one warehouse."""

    published: Path

    @property
    def lock(self) -> Path:
        return self.published.with_name(self.published.name + ".lock")

    @property
    def working(self) -> Path:
        return self.published.with_name("." + self.published.name + ".work")

    @property
    def staging(self) -> Path:
        return self.published.with_name("." + self.published.name + ".copying")

    @property
    def base(self) -> Path:
        return self.published.with_name("." + self.published.name + ".work.base")


def _identity(path: Path) -> dict[str, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return {"inode": stat.st_ino, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _remove(*paths: Path) -> None:
    for path in paths:
        for candidate in (path, path.with_name(path.name + ".wal")):
            candidate.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(paths: Paths, timeout_seconds: float) -> Iterator[None]:
    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "a+") as handle:
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise WarehouseLocked(
                        f"{paths.published}: another chatreach run is writing it ({holder}); "
                        f"gave up after {timeout_seconds:g} s"
                    ) from None
                time.sleep(0.2)
        # The kernel drops a flock when its holder dies, so a killed run leaves no stale lock.
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _prepare_working_copy(paths: Paths) -> None:
    """Reuse a killed run's working copy of the same published file, else copy afresh."""
    published = _identity(paths.published)
    if paths.working.exists() and paths.base.exists():
        if json.loads(paths.base.read_text()) == {"published": published}:
            return
    _remove(paths.working, paths.staging)
    paths.base.unlink(missing_ok=True)
    if published is not None:
        shutil.copyfile(paths.published, paths.staging)
        _fsync(paths.staging)
    paths.base.write_text(json.dumps({"published": published}))
    if published is not None:
        os.replace(paths.staging, paths.working)


def _publish(paths: Paths) -> None:
    _fsync(paths.working)
    os.replace(paths.working, paths.published)
    paths.base.unlink(missing_ok=True)
    _fsync(paths.published.parent)


@contextmanager
def writing(
    path: Path,
    lock_timeout_seconds: float = 60.0,
    memory_limit: str = "2GiB",
    temp_limit: str = "2GiB",
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the working copy, published when the block ends without error.

    On an error nothing is published; the working copy keeps the steps already committed and
    the next writer resumes from it. A statement beyond the memory or temp limit raises
    LimitExceeded.
    """
    paths = Paths(Path(path))
    with _locked(paths, lock_timeout_seconds):
        _prepare_working_copy(paths)
        con = duckdb.connect(str(paths.working))
        try:
            con.execute("set timezone = 'UTC'")
            apply_limits(con, memory_limit, temp_limit)
            migrate(con)
            yield con
            con.execute("checkpoint")
        except duckdb.OutOfMemoryException as error:
            problem = limit_exceeded(con, "writing the warehouse", error)
            con.close()
            raise problem from None
        except BaseException:
            con.close()
            raise
        con.close()
        _publish(paths)


def reading(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, checked to be at the current version."""
    if not Path(path).exists():
        raise WarehouseMissing(
            f"{path}: no warehouse yet (run `chatreach ingest` or `chatreach demo`)"
        )
    con = duckdb.connect(str(path), read_only=True)
    con.execute("set timezone = 'UTC'")
    version = schema_version(con)
    if version < LATEST_VERSION:
        con.close()
        raise WarehouseOutdated(
            f"{path}: warehouse is at schema version {version}, this chatreach needs "
            f"{LATEST_VERSION}; run `chatreach build` to upgrade it"
        )
    return con
