"""The published accuracy of the gaming signals (docs/metrics.md, schemas.gaming_accuracy) is
what the simulated communities measure, and its scoring counts what its definition says."""

import polars as pl
import pytest

from benchmarks import gaming_accuracy
from reports import glossary
from schemas.gaming_accuracy import GAMING_ACCURACY, SignalAccuracy
from sources.demo import GAMING_BEHAVIOURS, manufactured
from transforms.gaming import SIGNALS


def _frame(rows: list[tuple[int, str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"seed": pl.Int32, "signal": pl.String, "handle": pl.String, "week": pl.Int64},
        orient="row",
    )


def test_precision_and_recall_by_hand():
    """burst manufactured for (1, star, 6) and (2, star, 6); flagged (1, star, 6) rightly,
    (1, star, 5) in the wrong week and (2, other, 6) on the wrong account: 1 right of 3 flags
    (precision 1/3) and of 2 manufactured (recall 1/2). A flag of another signal on star's
    week counts for that signal, not for burst. Honest flags are counted as they come."""
    expected = _frame([(1, "burst", "star", 6), (2, "burst", "star", 6)])
    found = _frame(
        [
            (1, "burst", "star", 6),
            (1, "burst", "star", 5),
            (2, "burst", "other", 6),
            (2, "few_sources", "star", 6),
        ]
    )
    honest = _frame([(3, "few_sources", "someone", 0), (4, "few_sources", "else", 2)])
    rows = {row.signal: row for row in gaming_accuracy.score(found, expected, honest, 500)}
    burst = rows["burst"]
    assert (burst.manufactured, burst.flagged, burst.right) == (2, 3, 1)
    assert burst.precision == pytest.approx(1 / 3) and burst.recall == 0.5
    few = rows["few_sources"]
    assert (few.manufactured, few.flagged, few.right, few.honest_flagged) == (0, 1, 0, 2)
    assert few.precision == 0.0 and few.recall == 1.0
    assert rows["copied_answers"] == SignalAccuracy("copied_answers", 0, 0, 0, 0, 500)


def test_the_simulator_names_what_each_behaviour_manufactures():
    """Over 12 weeks: 5 ring members, burst_star once (week 6), dup_poster, puppet_master and
    the 6 copy crew accounts every week: 60 + 1 + 12 + 12 + 72 account-weeks."""
    truth = manufactured(GAMING_BEHAVIOURS, 12)
    counts = dict(truth.group_by("behaviour").len().rows())
    assert counts == {
        "repost_ring": 60,
        "mention_burst": 1,
        "near_duplicates": 12,
        "few_sources": 12,
        "copied_answers": 72,
    }
    assert truth.filter(pl.col("behaviour") == "mention_burst").rows() == [
        ("mention_burst", "burst_star", 6)
    ]
    assert set(gaming_accuracy.SIGNAL_OF) == GAMING_BEHAVIOURS
    assert set(gaming_accuracy.SIGNAL_OF.values()) == set(SIGNALS)


def test_the_published_table_is_what_the_communities_measure():
    """Ten gamed and ten honest simulated communities give GAMING_ACCURACY exactly (rerun
    `python -m benchmarks.gaming_accuracy` after changing a signal or the simulator), and the
    glossary shows every row."""
    assert gaming_accuracy.measure() == GAMING_ACCURACY
    text = glossary.render_markdown()
    for row in GAMING_ACCURACY:
        assert (
            f"| `{row.signal}` | {row.manufactured} | {row.flagged} | {row.right} | "
            f"{row.precision:.2f} | {row.recall:.2f} | {row.honest_flagged} |"
        ) in text
