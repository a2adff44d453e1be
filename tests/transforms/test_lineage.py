"""The lineage of each mart: the steps it is made of, read off the SQL or declared by a
Python step, and the tables it starts from."""

import inspect
import re
import sys
from pathlib import Path

from transforms.lineage import SOURCES, lineages
from transforms.models import all_steps
from transforms.steps import PythonStep


def test_each_mart_is_made_of_the_steps_its_definition_names():
    found = lineages()
    assert set(found) == {
        "marts.account_week", "marts.chat_week", "marts.cohort_retention", "marts.rising_accounts",
        "marts.sponsor_posts", "marts.sponsor_week",
        "marts.account_growth", "marts.chat_lift",
        "marts.question_week", "marts.answer_posts", "marts.chat_session", "marts.link_week",
        "marts.influence_correlation", "marts.gaming_signals",
    }  # fmt: skip
    # Worked from docs/metrics.md: the lift compares each member's follower growth.
    lift = found["marts.chat_lift"]
    assert {"marts/account_growth", "marts/chat_lift"} <= set(lift.steps)
    assert "core.follower_snapshots" in lift.sources
    assert "python/influence" not in lift.steps
    # Influence scores are written into account_week by the PageRank step.
    assert "python/influence" in found["marts.account_week"].steps
    correlation = found["marts.influence_correlation"].steps
    assert correlation.index("marts/account_week") < correlation.index("python/influence")
    assert "python/int_post_prefixes" in found["marts.question_week"].steps
    assert "intermediate/int_interactions" not in found["marts.link_week"].steps
    assert found["marts.gaming_signals"].steps[-1] == "python/gaming_signals"
    # copied_answers, question_week and the recap's answers read one definition of an answer;
    # the session runs from the week's questions.
    assert "intermediate/int_answers" in found["marts.gaming_signals"].steps
    assert "intermediate/int_answers" in found["marts.question_week"].steps
    assert "intermediate/int_answers" in found["marts.answer_posts"].steps
    assert "intermediate/int_questions" in found["marts.chat_session"].steps
    assert found["marts.sponsor_posts"].steps == found["marts.sponsor_week"].steps


def test_a_python_step_declares_only_what_its_code_reads():
    for step in all_steps():
        if not isinstance(step, PythonStep):
            continue
        module = sys.modules[step.run.__module__]
        # a step's code is its module and the SQL files of its folder (sql/<module>/)
        folder = Path(inspect.getfile(module)).parent / "sql" / module.__name__.split(".")[-1]
        source = inspect.getsource(module) + "".join(
            path.read_text() for path in sorted(folder.glob("*.sql"))
        )
        for name in step.reads:
            assert re.search(rf"\b{re.escape(name)}\b", source), (step.name, name)
            assert name in SOURCES or name.startswith(("stg_", "int_", "marts.")), name
