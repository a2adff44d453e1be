"""Errors the command line reports in one line, without a traceback."""

from typing import Any

from config.section import ConfigError
from schemas.pages import SourceError
from sources.files import BadFile
from warehouse.limits import LimitExceeded
from warehouse.publish import WarehouseLocked, WarehouseMissing, WarehouseOutdated
from warehouse.purge import AccountNotFound


class InputProblems(RuntimeError):
    """Some inputs could not be loaded; the rest were published."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class SourceUnavailable(RuntimeError):
    """A configured source this version of chatreach cannot pull from."""


class DeliveryFailed(RuntimeError):
    """A report or note could not be sent after its retries; the report files stay written."""


class ServeFailed(RuntimeError):
    """`chatreach serve` could not reach or start a Prefect server."""


class PullFailed(RuntimeError):
    """A pull stopped with an error; what it loaded before that was published, and the next
    pull resumes after it. `results` holds the coverage of every pull of the run."""

    def __init__(self, results: list[Any]):
        self.results = results
        super().__init__("; ".join(result.error for result in results if result.error))

    def __reduce__(self) -> tuple[type["PullFailed"], tuple[list[Any]]]:
        return PullFailed, (self.results,)


EXPECTED_ERRORS: tuple[type[BaseException], ...] = (
    AccountNotFound,
    ConfigError,
    BadFile,
    DeliveryFailed,
    InputProblems,
    LimitExceeded,
    PullFailed,
    ServeFailed,
    SourceError,
    SourceUnavailable,
    WarehouseLocked,
    WarehouseMissing,
    WarehouseOutdated,
)
