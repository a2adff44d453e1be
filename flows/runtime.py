"""Process settings every chatreach command needs before Prefect is imported."""

import os

# Prefect's temporary server races its own telemetry and fails offline without these.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# A failed run is reported by the command in one line; Prefect's own console log of it (with a
# traceback) would bury that line. Runs, logs and errors still reach the Prefect API and its UI.
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
# The project's own loggers (retries, rate-limit waits, skipped records) reach each run's logs
# in the Prefect UI, not only Prefect's.
os.environ.setdefault(
    "PREFECT_LOGGING_EXTRA_LOGGERS", "sources,warehouse,transforms,delivery,reports,flows"
)
