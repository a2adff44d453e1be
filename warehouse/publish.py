"""The write model: a private working copy, published atomically, with a lock between writers.

Every command that writes opens `writing(path)`. It takes the lock beside the warehouse, works
on `.NAME.work` (a copy of the published file, or the copy a killed run left behind, which
holds that run's committed steps), and on success checkpoints it and moves it over the
configured path with `os.replace`. Readers of the configured path keep their view until they
reconnect; a crash leaves the configured path as it was.

A session that changed nothing publishes nothing: the published file keeps its identity, and
the working copy, still equal to it, is kept for the next writer, which then needs no copy.
DuckDB writes its WAL only for committed changes (not for temp tables, no-op upserts or
rolled-back work), so "no WAL and the file untouched" is what "nothing changed" means.

A working copy that is more than half free blocks is rewritten compactly before it is
published (`storage.is_mostly_free`), so the file, and every later write's copy of it, stays
near the size of what it holds.
"""

import errno
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

from warehouse import storage
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
    def converting(self) -> Path:
        """Where `storage.convert` rewrites the working copy (left behind only by a kill)."""
        return self.working.with_name(self.working.name + ".converting")

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


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _untouched(path: Path, identity: dict[str, int] | None) -> bool:
    """The file is as it was when `identity` was taken, with no committed change in a WAL."""
    wal = _wal(path)
    return _identity(path) == identity and (not wal.exists() or wal.stat().st_size == 0)


_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF}
"""copy_file_range refusals that mean "copy it yourself" (another file system, an old
kernel, a file system without it)."""


def _kernel_copy(source: Path, target: Path) -> bool:
    """Copy with copy_file_range; False (target left to be overwritten) where it is refused."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        left = os.fstat(src.fileno()).st_size
        try:
            while left > 0:
                copied = os.copy_file_range(src.fileno(), dst.fileno(), left)
                if copied == 0:
                    return False
                left -= copied
        except OSError as error:
            if error.errno not in _NO_KERNEL_COPY:
                raise
            return False
    return True


def copy_file(source: Path, target: Path) -> None:
    """Copy source to target with copy_file_range where the system has it (Linux), which btrfs
    and XFS with reflink answer with a shared copy that moves no data and other file systems
    with an in-kernel copy; else, or where it is refused, with shutil.copyfile (which uses
    sendfile, never a shared copy, before Python 3.14)."""
    if hasattr(os, "copy_file_range") and _kernel_copy(source, target):
        return
    shutil.copyfile(source, target)


def _prepare_working_copy(paths: Paths) -> list[dict] | None:
    """Reuse the working copy of the same published file, else copy afresh. When the copy holds
    steps the published file lacks (a killed run's committed work), return the runs noted on
    it (`note_run`); None for a copy equal to the published file."""
    _remove(paths.converting)
    published = _identity(paths.published)
    if paths.working.exists() and paths.base.exists():
        base = json.loads(paths.base.read_text())
        if base.get("published") == published:
            return None if _untouched(paths.working, base.get("clean")) else base.get("runs", [])
    _remove(paths.working, paths.staging)
    paths.base.unlink(missing_ok=True)
    if published is None:
        paths.base.write_text(json.dumps({"published": None}))
        return None
    copy_file(paths.published, paths.staging)
    _fsync(paths.staging)
    os.replace(paths.staging, paths.working)
    _mark_clean(paths, published)
    return None


def _mark_clean(paths: Paths, published: dict[str, int] | None) -> None:
    """Note that the working copy, as it is now, equals the published file."""
    clean = {"published": published, "clean": _identity(paths.working)}
    paths.base.write_text(json.dumps(clean))


@dataclass
class _Session:
    paths: Paths
    opened: dict[str, int] | None
    """The working copy's identity when the session opened it."""
    resumed: bool
    """Whether the copy already held steps the published file lacks (or was converted to
    the storage format, which the published file lacks too)."""
    interrupted: list[dict]
    """The runs noted in a resumed copy (`note_run`): killed before they published."""


_SESSIONS: dict[int, _Session] = {}
"""The write session of each open write connection."""


def has_changes(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the write session of `con` has committed anything the published file lacks."""
    session = _SESSIONS[id(con)]
    return session.resumed or not _untouched(session.paths.working, session.opened)


def note_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """Note beside the working copy that `run` (JSON values) works on it: if it is killed, the
    session that resumes the copy learns of it from `interrupted_runs`."""
    paths = _SESSIONS[id(con)].paths
    base = json.loads(paths.base.read_text()) if paths.base.exists() else {}
    base["runs"] = [*base.get("runs", []), run]
    paths.base.write_text(json.dumps(base))


def interrupted_runs(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The runs noted in the working copy this session resumed (none for a fresh copy)."""
    return _SESSIONS[id(con)].interrupted


def _publish(paths: Paths) -> None:
    _fsync(paths.working)
    os.replace(paths.working, paths.published)
    paths.base.unlink(missing_ok=True)
    _fsync(paths.published.parent)


def _open_working_copy(path: Path) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """A connection to the working copy, converted first to `storage.STORAGE_VERSION` if it
    is in another format; and whether it was converted."""
    con = storage.connect(path)
    if not storage.needs_conversion(con):
        return con, False
    con.execute("checkpoint")
    con.close()
    storage.convert(path)
    return storage.connect(path), True


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
        interrupted = _prepare_working_copy(paths)
        published = _identity(paths.published)
        con, converted = _open_working_copy(paths.working)
        _SESSIONS[id(con)] = _Session(
            paths, _identity(paths.working), converted or interrupted is not None, interrupted or []
        )
        try:
            con.execute("set timezone = 'UTC'")
            apply_limits(con, memory_limit, temp_limit)
            migrate(con)
            yield con
            changed = has_changes(con)
            if changed:
                con.execute("checkpoint")
            compact = changed and storage.is_mostly_free(con)
        except duckdb.OutOfMemoryException as error:
            problem = limit_exceeded(con, "writing the warehouse", error)
            con.close()
            raise problem from None
        except BaseException:
            con.close()
            raise
        finally:
            _SESSIONS.pop(id(con), None)
        con.close()
        if changed:
            if compact:
                storage.convert(paths.working)
            _publish(paths)
        else:
            _mark_clean(paths, published)


def has_unpublished_steps(path: Path) -> bool:
    """Whether a killed run left a working copy of the published file with committed steps."""
    paths = Paths(Path(path))
    if not (paths.working.exists() and paths.base.exists()):
        return False
    base = json.loads(paths.base.read_text())
    return base.get("published") == _identity(paths.published) and not _untouched(
        paths.working, base.get("clean")
    )


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
