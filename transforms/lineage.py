"""Where each mart comes from: the build steps and the warehouse tables it is made of.

A SQL model's inputs are read off its text (the names of the tables and earlier steps it
mentions); a Python step declares its own (`PythonStep.reads`).
"""

import re
from dataclasses import dataclass

from schemas.dictionary import CORE
from transforms.models import HOST_ACCOUNTS, all_steps
from transforms.steps import Model, PythonStep, Step

SOURCES = {
    **{table.name: table.name for table in CORE},
    "ops.changes": "ops.changes",
    "build_context": "the chat's configuration",
}
"""What a build reads that no step makes, and how the lineage names it."""


@dataclass(frozen=True)
class Lineage:
    """A mart's lineage: the steps that make it, directly or through others, in build order,
    and the warehouse tables (or configuration) they start from."""

    mart: str
    steps: tuple[str, ...]
    sources: tuple[str, ...]


def step_label(step: Step) -> str:
    """A step as the lineage names it: `layer/name` for a SQL model, `python/name` else."""
    return f"{step.layer}/{step.name}" if isinstance(step, Model) else f"python/{step.name}"


def _made_by(step: Step) -> set[str]:
    if isinstance(step, Model):
        return {f"marts.{step.name}"} if step.is_mart else {step.name}
    return {step.name, *step.temp_tables, *step.writes}


def _without_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def step_reads(step: Step, names: set[str]) -> set[str]:
    """The names among `names` the step reads."""
    if isinstance(step, PythonStep):
        return set(step.reads)
    text = _without_comments(step.sql)
    own = _made_by(step)
    return {
        name
        for name in names - own
        if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text, flags=re.IGNORECASE)
    }


def lineages() -> dict[str, Lineage]:
    """The lineage of every mart the build writes."""
    steps = [HOST_ACCOUNTS, *all_steps()]
    names = set(SOURCES) | {name for step in steps for name in _made_by(step)}
    reads = [step_reads(step, names) for step in steps]

    def producers(name: str, before: int) -> list[int]:
        return [i for i in range(before) if name in _made_by(steps[i])]

    found: dict[str, Lineage] = {}
    marts = sorted({n for step in steps for n in _made_by(step) if n.startswith("marts.")})
    for mart in marts:
        todo = producers(mart, len(steps))
        seen: set[int] = set()
        sources: set[str] = set()
        while todo:
            index = todo.pop()
            if index in seen:
                continue
            seen.add(index)
            for name in reads[index]:
                if name in SOURCES:
                    sources.add(SOURCES[name])
                todo += producers(name, index)
        found[mart] = Lineage(
            mart,
            tuple(step_label(steps[i]) for i in sorted(seen)),
            tuple(sorted(sources)),
        )
    return found
