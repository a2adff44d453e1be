"""Flow run names that say what a run is about: `weekly tchat 2026-W47`."""

from collections.abc import Callable
from datetime import date
from typing import Any

from transforms.weeks import week_label


def run_name(flow: str) -> Callable[[dict[str, Any]], str]:
    """A run name made from the run's parameters: the flow, its chat and its week."""

    def name(parameters: dict[str, Any]) -> str:
        chat = parameters.get("chat") or "all chats"
        week = parameters.get("week_start")
        if isinstance(week, str):
            week = date.fromisoformat(week)
        return " ".join(part for part in (flow, chat, week_label(week) if week else "") if part)

    return name
