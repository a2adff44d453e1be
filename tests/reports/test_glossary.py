"""The metric glossary is generated from the data dictionary and committed as generated."""

from reports import glossary
from schemas.dictionary import MARTS


def test_committed_glossary_is_the_generated_one():
    """docs/metrics.md equals what `python -m reports.glossary` writes."""
    assert glossary.DOC_PATH.read_text(encoding="utf-8") == glossary.render_markdown()


def test_one_entry_per_mart_column_grouped_by_table():
    """Each mart has a heading, and each of its columns one entry with the dictionary's words."""
    text = glossary.render_markdown()
    for table in MARTS:
        assert f"## `{table.name}`" in text
        for column, definition in table.columns.items():
            assert f"- **`{column}`**: {definition}\n" in text


def test_write_is_atomic(tmp_path):
    """write() leaves the complete file and nothing else."""
    path = glossary.write(tmp_path / "metrics.md")
    assert path.read_text(encoding="utf-8") == glossary.render_markdown()
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.md"]
