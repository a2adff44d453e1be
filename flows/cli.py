"""The `chatreach` command. Prefect is imported only by the commands that run a flow."""

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from chatreach import __version__
from config.section import ConfigError
from config.settings import Settings
from flows import cli_common as common
from flows import cli_data, cli_listen, cli_prefect
from flows.cli_common import ChatOption, ConfigOption, WeekOption

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Weekly influence and engagement reports for recurring hashtag chats.",
)
ingest_app = typer.Typer(no_args_is_help=True, help="Load activity into the warehouse.")
app.add_typer(ingest_app, name="ingest")
snapshot_app = typer.Typer(no_args_is_help=True, help="Load follower counts into the warehouse.")
app.add_typer(snapshot_app, name="snapshot")
NETWORKS = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"chatreach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    config: ConfigOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """chatreach turns a hashtag chat's activity into weekly influence and engagement reports."""
    common.State.config = config


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the warehouse and reports.")] = Path(
        "data/demo"
    ),
    weeks: Annotated[int, typer.Option(min=1, max=520, help="Weeks to simulate.")] = 12,
    seed: Annotated[int, typer.Option(help="Seed of the simulation.")] = 7,
    end: Annotated[
        str | None, typer.Option(help="Last simulated week, e.g. 2026-W47 (default: last complete)")
    ] = None,
) -> None:
    """Simulate a #TChat-like community, run the weekly pipeline on it, print the report index."""
    from config.demo import demo_settings
    from transforms.weeks import last_complete_week

    def action() -> None:
        end_week = common.week(end) or last_complete_week("America/New_York")
        settings = demo_settings(out, weeks, seed, end_week)
        _clear_demo(out)
        from config.toml_file import write_settings
        from flows.demo import demo as demo_flow

        index = demo_flow(write_settings(settings, out.resolve() / "chatreach.toml"))
        typer.echo(str(index.resolve()))

    common.run(action)


def _clear_demo(out: Path) -> None:
    """A demo starts from nothing: remove what an earlier demo wrote there."""
    for name in ("chatreach.duckdb", ".chatreach.duckdb.work", ".chatreach.duckdb.work.base"):
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "reports", ignore_errors=True)


@ingest_app.command("files")
def ingest_files(
    chat: ChatOption,
    posts: Annotated[list[Path] | None, typer.Option("--posts", help="Posts file(s).")] = None,
    accounts: Annotated[
        list[Path] | None, typer.Option("--accounts", help="Accounts file(s).")
    ] = None,
    snapshots: Annotated[
        list[Path] | None, typer.Option("--snapshots", help="Follower snapshot file(s).")
    ] = None,
) -> None:
    """Load canonical CSV, Parquet or JSONL files (by suffix) into the warehouse."""

    def action() -> None:
        settings = common.settings()
        settings.chat(chat)
        if not (posts or accounts or snapshots):
            raise ConfigError("give at least one of --posts, --accounts, --snapshots")
        from flows.ingest import ingest_files as ingest_flow

        files = (posts or [], accounts or [], snapshots or [])
        counts = ingest_flow(common.config_path(), chat, *files)
        typer.echo(
            f"{counts.rows_in} records read, {counts.changed} new or updated, "
            f"{counts.rejected} rejected (see quarantine.rejected)"
            + ("" if counts.wrote else "; nothing new, the warehouse is unchanged")
        )

    common.run(action)


def _echo_coverage(results: list) -> None:
    from flows.pulling import coverage_lines

    for result in results:
        for line in coverage_lines(result):
            typer.echo(line)


def _pull(
    source: str,
    chat: str,
    since: str | None = None,
    until: str | None = None,
    snapshot: bool = False,
) -> None:
    """Run the ingest or snapshot flow of one network and print its coverage."""

    def action() -> None:
        from flows.errors import PullFailed
        from flows.pulling import check_credentials

        settings = common.settings()
        timezone = settings.chat(chat).timezone
        window = (
            common.instant(since, "--since", timezone),
            common.instant(until, "--until", timezone),
        )
        check_credentials(settings.sources, source)
        from flows.pull import ingest_source, snapshot_source

        try:
            if snapshot:
                result = snapshot_source(common.config_path(), chat, source)
            else:
                result = ingest_source(common.config_path(), chat, source, *window)
        except PullFailed as failed:
            _echo_coverage(failed.results)
            raise
        _echo_coverage([result])

    common.run(action)


def _ingest_command(source: str) -> None:
    def command(
        chat: ChatOption,
        since: Annotated[
            str | None,
            typer.Option(
                help="Start: a date (midnight in the chat's time zone) or an ISO instant with "
                "offset (default: where the last pull ended)"
            ),
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="End: a date or an ISO instant (default: now)")
        ] = None,
    ) -> None:
        _pull(source, chat, since, until)

    command.__doc__ = (
        f"Pull the chat's hashtags from {NETWORKS[source]} since the last pull, "
        "load them and print the coverage."
    )
    ingest_app.command(source)(command)


def _snapshot_command(source: str) -> None:
    def command(chat: ChatOption) -> None:
        _pull(source, chat, snapshot=True)

    command.__doc__ = (
        f"Look up the follower counts of the chat's participants on "
        f"{NETWORKS[source]} and load them."
    )
    snapshot_app.command(source)(command)


for _source in NETWORKS:
    _ingest_command(_source)
    _snapshot_command(_source)


@app.command()
def build(
    chat: Annotated[str | None, typer.Option("--chat", help="Only this chat.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Recompute every week.")] = False,
) -> None:
    """Recompute the marts for the weeks whose inputs changed (all weeks on a first run)."""

    def action() -> None:
        settings = common.settings()
        if chat:
            settings.chat(chat)
        from flows.build import build as build_flow

        for result in build_flow(common.config_path(), chat, full):
            if not result.wrote:
                typer.echo(f"{result.chat}: up to date, nothing written")
                continue
            kind = "full" if result.full else "incremental"
            weeks = f"{result.weeks_rebuilt} week{'' if result.weeks_rebuilt == 1 else 's'}"
            typer.echo(f"{result.chat}: {kind} build, {weeks} recomputed")

    common.run(action)


@app.command()
def report(
    chat: ChatOption,
    week: WeekOption = None,
    out: Annotated[Path | None, typer.Option(help="Folder for the pages.")] = None,
) -> None:
    """Write the HTML reports of a chat-week and print every path written."""

    def action() -> None:
        settings = common.settings()
        settings.chat(chat)
        week_start = common.week(week)
        from flows.report import report as report_flow

        for path in report_flow(common.config_path(), chat, week_start, out):
            typer.echo(str(Path(path).resolve()))

    common.run(action)


@app.command()
def weekly(
    chat: ChatOption,
    week: WeekOption = None,
    first: Annotated[
        str | None,
        typer.Option("--from", help="Backfill from this ISO week, e.g. 2026-W01, in order."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", help="Last week of the backfill (default: the last complete week)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Run complete weeks again and send their reports again.")
    ] = False,
) -> None:
    """Pull, load, build, report and deliver one chat-week: the scheduled job, run once.
    With --from, every week of the range in order, skipping complete ones."""

    def action() -> None:
        settings = common.settings()
        settings.chat(chat)
        if first or last:
            _backfill(settings, chat, week, first, last, force)
            return
        week_start = common.week(week)
        from flows.weekly import weekly as weekly_flow

        for path in weekly_flow(common.config_path(), chat, week_start, force=force):
            typer.echo(str(Path(path).resolve()))

    common.run(action)


def _backfill(
    settings: Settings,
    chat: str,
    week: str | None,
    first: str | None,
    last: str | None,
    force: bool,
) -> None:
    """Run `weekly` for each week of --from..--to (progress bar on a terminal), then a summary."""
    from flows.backfill import backfill_with_progress, check_range
    from transforms.weeks import parse_week

    if week:
        raise ConfigError("--week cannot be combined with --from/--to")
    if not first:
        raise ConfigError("--to needs --from")

    def monday(label: str, option: str) -> date:
        try:
            return parse_week(label)
        except ValueError as error:
            raise ConfigError(f"{option}: {error}") from None

    weeks = check_range(
        settings, chat, monday(first, "--from"), monday(last, "--to") if last else None
    )
    typer.echo(backfill_with_progress(common.config_path(), chat, weeks, force).summary(chat))


@app.command()
def purge(
    account: Annotated[
        str,
        typer.Option("--account", help="PLATFORM:ID_OR_HANDLE, e.g. x:1234 or mastodon:a@b.social"),
    ],
) -> None:
    """Delete an account's posts, follower snapshots and names, and rebuild what they touched."""

    def action() -> None:
        common.settings()
        from flows.purge import purge as purge_flow

        result = purge_flow(common.config_path(), account)
        typer.echo(
            f"{result.platform}:{result.account_id}: removed {result.posts} posts, "
            f"{result.snapshots} snapshots, {result.accounts} account records, "
            f"{result.quarantined} quarantined records and {result.raw_payloads} raw payloads"
        )
        if result.binary_payloads_kept:
            typer.echo(
                f"{result.binary_payloads_kept} binary raw payloads (Parquet) were kept: "
                "they may still hold the account's records"
            )
        typer.echo(
            "Reports written before still name it: add it to [privacy] opt_out and run "
            "`chatreach report` for those weeks to rewrite them."
        )

    common.run(action)


FILE_LIST_OPTIONS = ("--posts", "--accounts", "--snapshots")


def spread_file_lists(args: list[str]) -> list[str]:
    """`--posts a.csv b.csv` as `--posts a.csv --posts b.csv`: the usage `[--posts F ...]`
    reads both ways, and the option parser takes one value per flag."""
    spread: list[str] = []
    flag, given = None, 0
    for arg in args:
        if flag is not None and not arg.startswith("-"):
            spread += [flag, arg]
            given += 1
            continue
        if flag is not None and not given:
            spread.append(flag)  # a flag without a file: the parser says so
        flag, given = (arg, 0) if arg in FILE_LIST_OPTIONS else (None, 0)
        if flag is None:
            spread.append(arg)
    if flag is not None and not given:
        spread.append(flag)
    return spread


cli_prefect.register(app)
cli_data.register(app)
cli_listen.register(app)


def main() -> None:
    """Entry point of the `chatreach` command."""
    try:
        app(args=spread_file_lists(sys.argv[1:]))
    except ConfigError as error:
        typer.echo(f"chatreach: error: {error}", err=True)
        sys.exit(1)
