"""What a pull did (`PullResult`), in lines of text, and which of its errors are worth a retry."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas.pages import InstanceTally, PullReport, SourceError
from warehouse.load import LoadCounts


class PullRefused(SourceError):
    """A pull that cannot start: missing credentials, a window it cannot have, or an
    interrupted pull of another window still pending. Retrying does not help."""


@dataclass
class PullResult:
    """Coverage of one pull (activity, snapshots or an archive), accumulated over its tries."""

    chat: str
    source: str
    kind: str
    """"activity", "snapshots" or "archive"."""
    endpoint: str = ""
    since: datetime | None = None
    until: datetime | None = None
    accounts: int | None = None
    """Snapshots: how many accounts were to be looked up."""
    read_price_usd: float | None = None
    resumed: bool = False
    completed: bool = False
    pages_loaded: int = 0
    report: PullReport = field(default_factory=PullReport)
    counts: LoadCounts = field(default_factory=LoadCounts)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def coverage_lines(result: PullResult) -> list[str]:
    """The coverage of a pull as short lines of text (for the command line and artifacts)."""
    report = result.report
    title = f"{result.source} {result.kind} for {result.chat}"
    if result.kind == "activity" and result.until is not None:
        since = iso(result.since) if result.since else "the source's default"
        title += f", {since} to {iso(result.until)}"
    elif result.accounts is not None:
        title += f", {result.accounts} accounts"
    if result.resumed:
        title += " (resumed an interrupted pull)"
    lines = [
        title,
        f"pages {report.pages}, records {report.records}, rate-limit waits "
        f"{report.rate_limit_waits} ({report.waited_seconds:.0f} s waited), retries "
        f"{report.retries}",
        f"loaded {result.counts.rows_in} rows: {result.counts.changed} new or updated, "
        f"{result.counts.rejected} rejected (see quarantine.rejected)",
    ]
    if len(report.instances) > 1:
        lines += [
            _instance_line(host, tally, index == 0)
            for index, (host, tally) in enumerate(report.instances.items())
        ]
    if report.estimated_cost_usd is not None:
        lines.append(
            f"estimated cost ${report.estimated_cost_usd:.2f} "
            f"(posts read at ${result.read_price_usd or 0:g} each)"
        )
    lines += [f"note: {note}" for note in result.notes]
    lines += [f"skipped: {line}" for line in report.skipped]
    if result.error:
        lines.append(f"stopped: {result.error}")
    return lines


def _instance_line(host: str, tally: InstanceTally, home: bool) -> str:
    if home:
        return f"instance {host} (home): {tally.statuses} statuses read and loaded"
    return (
        f"instance {host}: {tally.statuses} statuses in the window, {tally.resolved} added "
        f"(resolved on the home instance), {tally.known} already read there, "
        f"{tally.unresolved} the home instance could not resolve and {tally.boosts} boosts "
        "not loaded"
    )


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_transient(error: BaseException) -> bool:
    """True for a source error worth another try soon: no answer, 429 or a server error.

    Not for a wait beyond the configured bounds: a try a few seconds later would meet the
    same rate limit. (SourceError carries no kind, so that one is told by its message.)
    """
    if isinstance(error, PullRefused) or not isinstance(error, SourceError):
        return False
    if error.status is None:
        return " would wait " not in str(error)
    return error.status == 429 or error.status >= 500
