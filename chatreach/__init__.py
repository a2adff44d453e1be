"""`python -m chatreach` and the installed version; the code lives in the top-level packages."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chatreach")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
