"""The data dictionary: one description per table and column of `core` and `marts`, each
table with its grain and key.

The warehouse COMMENTs, `docs/metrics.md`, the reports' glossary and dictionary page, the
uniqueness data tests and the reference test's keys are all made from here.
"""

from schemas.dictionary.conversation import ANSWER_POSTS, CHAT_SESSION, LINK_WEEK, QUESTION_WEEK
from schemas.dictionary.core import CORE
from schemas.dictionary.decisions import DECISIONS
from schemas.dictionary.gaming import GAMING_SIGNALS, SIGNAL_RULES
from schemas.dictionary.growth import (
    ACCOUNT_GROWTH,
    CHAT_LIFT,
    COHORT_RETENTION,
    INFLUENCE_CORRELATION,
    RISING_ACCOUNTS,
)
from schemas.dictionary.operational import OPERATIONAL, SCHEMAS
from schemas.dictionary.sponsors import SPONSOR_POSTS, SPONSOR_WEEK
from schemas.dictionary.table import TableDoc
from schemas.dictionary.weekly import ACCOUNT_WEEK, CHAT_WEEK

MARTS = (
    ACCOUNT_WEEK,
    CHAT_WEEK,
    COHORT_RETENTION,
    RISING_ACCOUNTS,
    SPONSOR_POSTS,
    SPONSOR_WEEK,
    ACCOUNT_GROWTH,
    CHAT_LIFT,
    QUESTION_WEEK,
    ANSWER_POSTS,
    CHAT_SESSION,
    LINK_WEEK,
    INFLUENCE_CORRELATION,
    GAMING_SIGNALS,
)
TABLES = CORE + MARTS

__all__ = [
    "CORE",
    "DECISIONS",
    "GAMING_SIGNALS",
    "MARTS",
    "OPERATIONAL",
    "SCHEMAS",
    "SIGNAL_RULES",
    "TABLES",
    "TableDoc",
]
