"""`chatreach listen bluesky`: capture a chat's hour from Bluesky's Jetstream."""

from typing import Annotated

import typer

from flows import cli_common as common
from flows.cli_common import ChatOption

listen_app = typer.Typer(no_args_is_help=True, help="Capture a chat live from a stream.")


@listen_app.command("bluesky")
def bluesky(
    chat: ChatOption,
    minutes: Annotated[
        float | None, typer.Option(help="Listen this long (wall-clock minutes).", min=0.01)
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="Stop at the first event at or after this ISO instant (with an offset); once "
            "the clock is past it, when the stream has been quiet for idle_seconds."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Start at this ISO instant (default: where the last session stopped)."),
    ] = None,
) -> None:
    """Listen to Bluesky's Jetstream for the chat's posts, their reposts and deletions, write
    them batch by batch, and print what was kept."""

    def action() -> None:
        if (minutes is None) == (until is None):
            common.fail("give one of --minutes or --until")
        settings = common.settings()
        zone = settings.chat(chat).timezone
        from flows.listen import listen
        from flows.listening import listen_lines

        result = listen(
            common.config_path(),
            chat,
            minutes,
            common.instant(until, "--until", zone),
            common.instant(since, "--since", zone),
        )
        for line in listen_lines(result):
            typer.echo(line)

    common.run(action)


def register(app: typer.Typer) -> None:
    """Add `listen` to the `chatreach` command."""
    app.add_typer(listen_app, name="listen")
