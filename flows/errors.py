"""Errors the command line reports in one line, without a traceback."""

from config.settings import ConfigError
from sources.files import BadFile
from warehouse.publish import WarehouseLocked, WarehouseMissing, WarehouseOutdated


class InputProblems(RuntimeError):
    """Some inputs could not be loaded; the rest were published."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class SourceUnavailable(RuntimeError):
    """A configured source this version of chatreach cannot pull from."""


EXPECTED_ERRORS: tuple[type[BaseException], ...] = (
    ConfigError,
    BadFile,
    InputProblems,
    SourceUnavailable,
    WarehouseLocked,
    WarehouseMissing,
    WarehouseOutdated,
)
