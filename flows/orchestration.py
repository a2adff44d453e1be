"""Flows and tasks that run through Prefect when a Prefect API records them, else in-process.

`@flow` and `@task` here wrap the same plain functions as Prefect's decorators do, but build
the Prefect objects only when they are first needed. A command run by hand with no Prefect API
configured calls the functions directly: no server starts and Prefect is not even imported.
With `PREFECT_API_URL` set (in the environment or the active Prefect profile), inside a flow
run (served, deployed or under a test harness), every call is a Prefect flow or task run as
before, with its retries, run names, hooks and artifacts.
"""

import contextvars
import functools
import inspect
import logging
import os
import sys
import tomllib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Hook = Callable[[str, str, dict[str, Any], BaseException, str], None]
"""on_failure: told the flow's name, the run's name, its parameters, the error and the step
the run was at (see `note_step`)."""

_RUN_STEP: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "chatreach_run_step", default=None
)
"""The step of the in-process flow running now."""

_PREFECT_STEPS: OrderedDict[str, str] = OrderedDict()
"""The step of each Prefect flow run of this process (by id); only the latest are kept."""
_KEPT_STEPS = 64


def _profile_api_url() -> str | None:
    """PREFECT_API_URL as the active Prefect profile sets it, read without importing Prefect."""
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    settings = profiles.get("profiles", {}).get(active, {})
    value = settings.get("PREFECT_API_URL") if isinstance(settings, dict) else None
    return str(value) if value else None


def orchestrated() -> bool:
    """Whether flow and task calls go through Prefect now."""
    if "prefect" in sys.modules:  # already imported: ask Prefect itself (run context, settings)
        from prefect.context import FlowRunContext, TaskRunContext
        from prefect.settings import get_current_settings

        if FlowRunContext.get() is not None or TaskRunContext.get() is not None:
            return True
        return bool(get_current_settings().api.url)
    return bool(os.environ.get("PREFECT_API_URL") or _profile_api_url())


def _parameters(fn: Callable[..., Any], args: tuple, kwargs: dict) -> dict[str, Any]:
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


class Flow:
    """A flow: a Prefect flow when orchestrated, a plain call (with its failure hook) if not."""

    def __init__(
        self,
        fn: Callable[..., Any],
        name: str,
        run_name: Callable[[dict[str, Any]], str] | None,
        on_failure: Hook | None,
    ):
        functools.update_wrapper(self, fn)
        self.fn, self.name, self.run_name, self.on_failure = fn, name, run_name, on_failure
        self._prefect: Any = None

    @property
    def prefect(self) -> Any:
        """The Prefect flow object (for serving, deploying and orchestrated calls)."""
        if self._prefect is None:
            from prefect import flow
            from prefect.runtime import flow_run

            options: dict[str, Any] = {"name": self.name}
            if self.run_name is not None:
                run_name = self.run_name
                options["flow_run_name"] = lambda: run_name(dict(flow_run.parameters or {}))
            if self.on_failure is not None:
                options["on_failure"] = [prefect_hook(self.on_failure)]
            self._prefect = flow(**options)(self.fn)
        return self._prefect

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if orchestrated():
            return self.prefect(*args, **kwargs)
        token = _RUN_STEP.set(["start"])
        try:
            return self.fn(*args, **kwargs)
        except Exception as error:
            if self.on_failure is not None:
                parameters = _parameters(self.fn, args, kwargs)
                name = self.run_name(parameters) if self.run_name else self.name
                step = (_RUN_STEP.get() or ["start"])[0]
                self.on_failure(self.name, name, parameters, error, step)
            raise
        finally:
            _RUN_STEP.reset(token)


def prefect_hook(hook: Hook) -> Callable[[Any, Any, Any], None]:
    """The hook as a Prefect on_failure hook (for flows declared with Prefect's decorator)."""

    def on_failure(flow: Any, flow_run: Any, state: Any) -> None:
        error = state.result(raise_on_failure=False)
        if not isinstance(error, BaseException):
            error = RuntimeError(str(state.message or "the run failed"))
        step = _PREFECT_STEPS.pop(str(flow_run.id), "start")
        hook(flow.name, flow_run.name, dict(flow_run.parameters or {}), error, step)

    return on_failure


class Task:
    """A task: a Prefect task inside a Prefect flow run, a plain call outside one."""

    def __init__(self, fn: Callable[..., Any], options: dict[str, Any]):
        functools.update_wrapper(self, fn)
        self.fn, self.options = fn, options
        self._prefect: Any = None

    @property
    def prefect(self) -> Any:
        if self._prefect is None:
            from prefect import task
            from prefect.cache_policies import NO_CACHE
            from prefect.tasks import exponential_backoff

            options = dict(self.options)
            backoff = options.pop("backoff", None)
            if backoff is not None:
                options["retry_delay_seconds"] = exponential_backoff(backoff_factor=backoff)
            self._prefect = task(cache_policy=NO_CACHE, **options)(self.fn)
        return self._prefect

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if orchestrated():
            return self.prefect(*args, **kwargs)
        return self.fn(*args, **kwargs)


def flow(
    name: str,
    run_name: Callable[[dict[str, Any]], str] | None = None,
    on_failure: Hook | None = None,
) -> Callable[[Callable[..., Any]], Flow]:
    """Declare a flow; `run_name` makes its run's name from its parameters."""
    return lambda fn: Flow(fn, name, run_name, on_failure)


def task(**options: Any) -> Callable[[Callable[..., Any]], Task]:
    """Declare a task: Prefect's task options, with `backoff` for exponential retry delays.

    Tasks never cache (they take connections and frames, which Prefect cannot hash well).
    """
    return lambda fn: Task(fn, options)


def note_step(name: str) -> None:
    """Note the step the current flow run is at: its failure hook is told it."""
    if not orchestrated():
        current = _RUN_STEP.get()
        if current is not None:
            current[0] = name
        return
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    if context is not None and context.flow_run is not None:
        key = str(context.flow_run.id)
        _PREFECT_STEPS[key] = name
        _PREFECT_STEPS.move_to_end(key)
        while len(_PREFECT_STEPS) > _KEPT_STEPS:
            _PREFECT_STEPS.popitem(last=False)


def flow_run_id() -> str | None:
    """The id of the Prefect flow run this code runs in; None in-process."""
    if not orchestrated():
        return None
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    return str(context.flow_run.id) if context and context.flow_run else None


def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """The Prefect run's logger inside a run, else the project's own logger."""
    if orchestrated():
        from prefect.logging import get_run_logger

        try:
            return get_run_logger()
        except Exception:  # outside a run context (a plain call under a configured API)
            pass
    return logging.getLogger("chatreach")


def progress_artifact(description: str) -> Callable[[float], None] | None:
    """Inside a Prefect flow run, a progress artifact of the run (at 0%) and a function that
    sets its percentage; None in-process."""
    if not orchestrated():
        return None
    from prefect.artifacts import create_progress_artifact, update_progress_artifact
    from prefect.context import FlowRunContext

    if FlowRunContext.get() is None:
        return None
    artifact_id = create_progress_artifact(0.0, description=description)
    return lambda percent: update_progress_artifact(artifact_id, percent)


def publish_artifact(kind: str, **fields: Any) -> None:
    """A Prefect artifact of the running flow (`markdown`, `link`, `table`); none in-process,
    where there is no API to keep it."""
    if not orchestrated():
        return
    from prefect import artifacts

    getattr(artifacts, f"create_{kind}_artifact")(**fields)
