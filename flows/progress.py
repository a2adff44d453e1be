"""Progress of long steps (a large file, a build of many weeks, a backfill): a bar on a
terminal, nothing at all when the output goes to a log; and inside a Prefect flow run, a
progress artifact of the run for a step whose total is known."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TextIO

from flows.orchestration import progress_artifact


class Bar(Protocol):
    def advance(self, amount: float = 1, description: str | None = None) -> None:
        """Move the bar on by `amount`, optionally saying what it is doing now."""


class _Silent:
    def advance(self, amount: float = 1, description: str | None = None) -> None:
        return None


class _RichBar:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, amount: float = 1, description: str | None = None) -> None:
        fields = {"description": description} if description is not None else {}
        self._progress.update(self._task, advance=amount, **fields)


class _Reporting:
    """A bar that also sets a Prefect progress artifact, at each whole percent."""

    def __init__(self, bar: Bar, total: float, publish: Callable[[float], None]) -> None:
        self._bar, self._total, self._publish = bar, total, publish
        self._done, self._shown = 0.0, 0

    def advance(self, amount: float = 1, description: str | None = None) -> None:
        self._bar.advance(amount, description)
        self._done += amount
        percent = int(100 * min(self._done, self._total) / self._total)
        if percent > self._shown:
            self._shown = percent
            self._publish(float(percent))


@contextmanager
def progress_bar(
    description: str, total: float | None = None, unit: str = "", stream: TextIO | None = None
) -> Iterator[Bar]:
    """`terminal_bar`, reported as a progress artifact too inside a Prefect flow run."""
    publish = progress_artifact(description) if total else None
    with terminal_bar(description, total, unit, stream) as bar:
        yield _Reporting(bar, total, publish) if publish and total else bar


@contextmanager
def terminal_bar(
    description: str, total: float | None = None, unit: str = "", stream: TextIO | None = None
) -> Iterator[Bar]:
    """A bar for one step when `stream` (default stderr) is a terminal, else a silent one.

    Without a `total` the bar pulses and counts `unit`s ("records", "lines") as they come.
    """
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        yield _Silent()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    counter = (
        MofNCompleteColumn() if total is not None else TextColumn(f"{{task.completed:,.0f}} {unit}")
    )
    columns = (TextColumn("{task.description}"), BarColumn(), counter, TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=False) as progress:
        yield _RichBar(progress, progress.add_task(description, total=total))
