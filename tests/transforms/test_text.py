"""with_nfkc: NFKC of a text column, skipped for ASCII texts, where it changes nothing."""

import polars as pl

from transforms.text import with_nfkc


def test_each_row_keeps_its_own_text_in_nfkc():
    """Fullwidth letters and digits, a ligature, a non-breaking space and a superscript fold;
    ASCII texts and a null stay as they are. Expected values worked out from Unicode's
    compatibility mappings."""
    rows = pl.DataFrame(
        {
            "post_id": ["a", "b", "c", "d", "e", "f"],
            "text": ["Ｑ１ what?", "A2 plain", "ﬁne\u00a0day", None, "x²", "@sam A3: yes"],
        }
    )
    found = dict(with_nfkc(rows, "text").select("post_id", "text").iter_rows())
    assert found == {
        "a": "Q1 what?",
        "b": "A2 plain",
        "c": "fine day",
        "d": None,
        "e": "x2",
        "f": "@sam A3: yes",
    }


def test_other_columns_travel_with_their_row():
    rows = pl.DataFrame({"n": [1, 2, 3], "text": ["ｂ", "b", "ｃ"]})
    assert sorted(with_nfkc(rows, "text").iter_rows()) == [(1, "b"), (2, "b"), (3, "c")]
