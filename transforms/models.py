"""The build steps, in order, and the fingerprint that says when their code changed.

A step is a SQL model (a temp table for the staging and intermediate layers, a mart table
for marts) or a Python step that works on the connection as a whole (PageRank, on numpy arrays).
"""

import hashlib
from importlib import resources
from pathlib import Path

from transforms.chat_posts import CHAT_POSTS_STEP
from transforms.gaming import GAMING_STEP
from transforms.influence import CORRELATION_STEP, INFLUENCE_STEP, SPREAD_STEP
from transforms.newcomers import build_chat_week_newcomers
from transforms.prefixes import build_post_prefixes
from transforms.sponsors import SPONSOR_STEP
from transforms.steps import Model, PythonStep, Step
from transforms.volume import build_chat_week_volume

HOST_ACCOUNTS = Model("staging", "stg_host_accounts")
"""Run first: the build's fingerprint includes the chat's host and sponsor accounts."""

CORE_STEPS: tuple[Step, ...] = (
    CHAT_POSTS_STEP,
    Model("staging", "stg_chat_posts"),
    Model("staging", "stg_first_weeks"),
    Model("staging", "stg_dirty_weeks"),
    Model("staging", "stg_growth_changes"),
    Model("intermediate", "int_chat_weeks"),
    Model("intermediate", "int_trailing_weeks"),
    Model("intermediate", "int_week_posts"),
    Model("intermediate", "int_interactions"),
    Model("intermediate", "int_account_week_rows"),
    Model("intermediate", "int_amplifiers"),
    Model("intermediate", "int_followers_at"),
    Model("intermediate", "int_followers_end"),
    Model("marts", "account_week"),
    Model("intermediate", "int_chat_week_organic"),
    Model("intermediate", "int_chat_week_conversation"),
    Model("marts", "chat_week"),
    PythonStep(
        "chat_week_volume",
        build_chat_week_volume,
        reads=("marts.chat_week",),
        writes=("marts.chat_week",),
    ),
    PythonStep(
        "chat_week_newcomers",
        build_chat_week_newcomers,
        reads=(
            "marts.account_week",
            "marts.chat_week",
            "stg_first_weeks",
            "stg_chat_posts",
            "int_chat_weeks",
            "stg_dirty_weeks",
            "build_context",
        ),
        writes=("marts.chat_week",),
    ),
    Model("marts", "cohort_retention", scope="chat"),
    Model("marts", "account_growth", scope="growth"),
    Model("intermediate", "int_lift_weeks"),
    Model("marts", "chat_lift", scope="lift"),
    PythonStep(
        "int_post_prefixes",
        build_post_prefixes,
        temp_tables=("int_post_prefixes",),
        reads=("int_week_posts",),
    ),
    Model("intermediate", "int_questions"),
    Model("intermediate", "int_answers"),
    Model("marts", "question_week"),
    Model("marts", "answer_posts"),
    Model("marts", "chat_session"),
    Model("marts", "link_week"),
)


LATER_STEPS: tuple[Step, ...] = (
    INFLUENCE_STEP,
    SPREAD_STEP,
    Model("marts", "rising_accounts", scope="trailing"),
    SPONSOR_STEP,
    CORRELATION_STEP,
    GAMING_STEP,
)
"""The steps that read influence scores or the whole chat's marts, after the core marts."""


def all_steps() -> tuple[Step, ...]:
    """Every step of a build, in order."""
    return CORE_STEPS + LATER_STEPS


MACROS = (
    "create or replace temp macro chat_week_start(instant, zone) as "
    "cast(date_trunc('week', timezone(zone, instant)) as date)",
    "create or replace temp macro local_midnight(day, zone) as "
    "timezone(zone, cast(day as timestamp))",
    "create or replace temp macro chat_week_end(week_start, zone) as "
    "local_midnight(week_start + 7, zone)",
)


def code_fingerprint() -> str:
    """A hash of the transforms package's code (its SQL and the Python the steps call, such as
    PageRank): marts built by other code are rebuilt."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("transforms")))
    for path in sorted([*package.rglob("*.sql"), *package.rglob("*.py")]):
        if "data_tests" not in path.parts and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()
