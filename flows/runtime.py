"""Process settings every chatreach command needs before Prefect is imported."""

import os

# Prefect's temporary server races its own telemetry and fails offline without these.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
