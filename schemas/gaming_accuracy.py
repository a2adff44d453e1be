"""How often each gaming signal of marts.gaming_signals is right, as measured on simulated
communities by `python -m benchmarks.gaming_accuracy`; docs/metrics.md publishes it and
tests/transforms/test_gaming_accuracy.py measures it again."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SignalAccuracy:
    """One signal's counts: on the gamed communities, the account-weeks the simulator
    manufactured for it, those it flagged and those of them that were manufactured; on the
    honest communities, the account-weeks it flagged (all false) and all account_week rows."""

    signal: str
    manufactured: int
    flagged: int
    right: int
    honest_flagged: int
    honest_account_weeks: int

    @property
    def precision(self) -> float:
        """Share of its flags that name a manufactured account-week (1 with no flag)."""
        return self.right / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        """Share of the manufactured account-weeks it flagged."""
        return self.right / self.manufactured if self.manufactured else 1.0


COMMUNITIES = 10
"""Seeds 1 to 10, each simulated twice: with every gaming behaviour on, and honest."""

GAMING_ACCURACY: tuple[SignalAccuracy, ...] = (
    SignalAccuracy(
        "few_sources",
        manufactured=120,
        flagged=120,
        right=120,
        honest_flagged=0,
        honest_account_weeks=10906,
    ),
    SignalAccuracy(
        "repost_ring",
        manufactured=600,
        flagged=600,
        right=600,
        honest_flagged=0,
        honest_account_weeks=10906,
    ),
    SignalAccuracy(
        "burst", manufactured=10, flagged=10, right=10, honest_flagged=0, honest_account_weeks=10906
    ),
    SignalAccuracy(
        "near_duplicates",
        manufactured=120,
        flagged=120,
        right=120,
        honest_flagged=0,
        honest_account_weeks=10906,
    ),
    SignalAccuracy(
        "copied_answers",
        manufactured=720,
        flagged=720,
        right=720,
        honest_flagged=0,
        honest_account_weeks=10906,
    ),
)
