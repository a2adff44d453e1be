"""Backfill: the weekly flow for every week of a range, oldest first.

A week is complete when a successful weekly run of it is recorded (ops.weekly_runs); complete
weeks are skipped unless forced, so a backfill that stopped resumes where it stopped. Each
week is its own weekly flow run ("weekly tchat 2026-W05"), with its delivery and alerts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from config.section import ConfigError
from config.settings import Settings, load_settings
from delivery.ledger import published_completed_weeks
from flows.progress import progress_bar
from transforms.weeks import last_complete_week, week_label

Progress = Callable[[date, str], None]
"""Told (week, "running" | "done" | "skipped") as the backfill goes."""


@dataclass
class BackfillResult:
    """The weeks a backfill ran and those it skipped as already complete."""

    ran: list[date] = field(default_factory=list)
    skipped: list[date] = field(default_factory=list)

    def summary(self, chat: str) -> str:
        weeks = sorted(self.ran + self.skipped)
        span = f"{week_label(weeks[0])}..{week_label(weeks[-1])}" if weeks else "no weeks"
        return (
            f"{chat} {span}: {len(self.ran)} week{'s' if len(self.ran) != 1 else ''} run, "
            f"{len(self.skipped)} skipped as complete"
        )


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays from first to last, both included."""
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def check_range(settings: Settings, chat: str, first: date, last: date | None) -> list[date]:
    """The weeks of the range; ConfigError when it is backwards or reaches an unfinished week."""
    latest = last_complete_week(settings.chat(chat).timezone)
    last = last or latest
    if first > last:
        raise ConfigError(f"--from {week_label(first)} is after --to {week_label(last)}")
    if last > latest:
        raise ConfigError(
            f"--to {week_label(last)} has not ended yet (the last complete week "
            f"is {week_label(latest)})"
        )
    return weeks_between(first, last)


def backfill(
    config: Path,
    chat: str,
    weeks: list[date],
    force: bool = False,
    progress: Progress | None = None,
) -> BackfillResult:
    """Run the weekly flow for each week in order, skipping complete weeks unless forced.

    A failed week stops the backfill with its error (its alert is sent); the weeks before it
    are complete, so running it again resumes there.
    """
    from flows.weekly import weekly

    settings = load_settings(config)
    tell = progress or (lambda week, state: None)
    complete = set() if force else published_completed_weeks(settings.warehouse, chat)
    result = BackfillResult()
    for week_start in weeks:
        if week_start in complete:
            result.skipped.append(week_start)
            tell(week_start, "skipped")
            continue
        tell(week_start, "running")
        weekly(config, chat, week_start, force=force)
        result.ran.append(week_start)
        tell(week_start, "done")
    return result


def backfill_with_progress(
    config: Path,
    chat: str,
    weeks: list[date],
    force: bool = False,
    stream: TextIO | None = None,
) -> BackfillResult:
    """`backfill` with a progress bar on a terminal, and nothing extra when not on one."""
    with progress_bar(f"{chat}: starting", total=len(weeks), stream=stream) as bar:

        def tell(week_start: date, state: str) -> None:
            label = week_label(week_start)
            if state == "running":
                bar.advance(0, f"{chat} {label}: running")
            else:
                bar.advance(1, f"{chat} {label}: {state}")

        return backfill(config, chat, weeks, force, tell)
