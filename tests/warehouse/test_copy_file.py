"""The working copy is made with copy_file_range (a shared copy on btrfs and XFS with reflink)
and falls back to a plain copy where the system lacks it or the kernel refuses it."""

import errno
import os

import pytest

from warehouse.publish import copy_file

SIZE = 3 * 1024 * 1024 + 17
"""Several MiB, and not a multiple of a page: more than one copy call may be needed."""


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.duckdb"
    path.write_bytes(os.urandom(SIZE))
    return path


def test_copies_every_byte(source, tmp_path):
    target = tmp_path / "target.duckdb"
    copy_file(source, target)
    assert target.read_bytes() == source.read_bytes()


def test_falls_back_when_the_kernel_refuses(source, tmp_path, monkeypatch):
    calls = []

    def refuse(*args):
        calls.append(args)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse)
    target = tmp_path / "target.duckdb"
    copy_file(source, target)
    assert calls, "copy_file_range was not tried"
    assert target.read_bytes() == source.read_bytes()


def test_a_refusal_after_a_partial_copy_starts_again_from_the_beginning(
    source, tmp_path, monkeypatch
):
    """The first call copies 1,000 bytes, the second is refused: the result is still the
    file, not 1,000 bytes followed by the whole file."""
    real = os.copy_file_range
    calls = []

    def partly(src, dst, count, *args):
        calls.append(count)
        if len(calls) == 1:
            return real(src, dst, 1000)
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(os, "copy_file_range", partly)
    target = tmp_path / "target.duckdb"
    copy_file(source, target)
    assert calls == [SIZE, SIZE - 1000]
    assert target.read_bytes() == source.read_bytes()


def test_another_error_is_raised(source, tmp_path, monkeypatch):
    def broken(*args):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "copy_file_range", broken)
    with pytest.raises(OSError) as raised:
        copy_file(source, tmp_path / "target.duckdb")
    assert raised.value.errno == errno.EIO


def test_copies_where_the_system_has_no_copy_file_range(source, tmp_path, monkeypatch):
    monkeypatch.delattr(os, "copy_file_range")
    target = tmp_path / "target.duckdb"
    copy_file(source, target)
    assert target.read_bytes() == source.read_bytes()
