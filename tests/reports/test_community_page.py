"""The community page: participation, retention, influence, later measures, data quality."""

from datetime import date

import duckdb
import polars as pl
import pytest

from reports.figures import retention_heatmap
from reports.queries.community import retention_cohorts, retention_grid
from tests.reports.html_tree import column_names_in_prose, parse, table_by_caption, table_rows
from tests.reports.tiny import read

COMMUNITY = "tchat/community.html"


def test_participants_new_and_returning_per_week(tiny_site):
    """One row per week of the chat with participants, new, returning and retention."""
    page = parse(read(tiny_site / COMMUNITY))
    rows = table_rows(table_by_caption(page, "Participants per week"))
    assert rows == [
        ["2025-W42", "2", "2", "0", "–", "2"],
        ["2025-W43", "0", "0", "0", "0%", "0"],
        ["2025-W44", "3", "1", "2", "–", "3"],
        ["2025-W45", "5", "2", "3", "100%", "4"],
    ]
    assert page.find_all("div", id="chart-participation")


def test_retention_cohorts(tiny_site, tiny_warehouse):
    """Cohort 2025-W42 (HostOne, alice) is back in full in W44 and W45, absent in W43."""
    con = duckdb.connect(str(tiny_warehouse), read_only=True)
    try:
        cohorts = retention_cohorts(con, "tchat", date(2025, 11, 3))
    finally:
        con.close()
    first = cohorts.filter(cohorts["cohort_label"] == "2025-W42")
    assert first["cohort_size"].to_list() == [2, 2, 2, 2]
    assert first["weeks_later"].to_list() == [0, 1, 2, 3]
    assert first["share"].to_list() == [1.0, 0.0, 1.0, 1.0]
    page = parse(read(tiny_site / COMMUNITY))
    rows = table_rows(table_by_caption(page, "Share of each first-week cohort"))
    assert rows[0] == ["2025-W42", "2", "100%", "0%", "100%", "100%"]
    assert rows[1] == ["2025-W44", "1", "100%", "100%", "–", "–"]
    assert rows[2] == ["2025-W45", "2", "100%", "–", "–", "–"]
    assert page.find_all("div", id="chart-retention")


def test_a_week_without_scores_or_flags_says_so(tiny_site):
    """The tiny warehouse has no influence score and no gaming flag for 2025-W45."""
    page = parse(read(tiny_site / COMMUNITY))
    influence = page.find("section", id="influence").text()
    assert "No participant of 2025-W45 has an influence score." in influence
    assert "No flag raised in 2025-W45." in page.find("section", id="gaming").text()
    assert "at least five weeks" in page.find("section", id="rising").text()


def test_each_section_opens_with_a_sentence_of_the_week(later_site):
    """Participation of W45 (5: carol and dave new; all 3 of W44 back); W44's one newcomer,
    bob, acknowledged by nobody, came back."""
    page = parse(read(later_site / COMMUNITY))
    lead = {s: page.find("section", id=s).find("p", "lead").text() for s in (
        "participation", "newcomer-care", "organic-view", "conversation-health", "gaming"
    )}  # fmt: skip
    assert lead["participation"] == (
        "5 people took part in 2025-W45: 2 for the first time and 3 who had taken part before. "
        "100% of the 3 people of 2025-W44 came back."
    )
    assert lead["newcomer-care"] == (
        "Nobody answered, reposted, quoted or mentioned the 1 newcomer of 2025-W44; 100% of "
        "them came back the week after."
    )
    assert lead["organic-view"] == (
        "Leaving out the hosts and sponsors, the community was 4 of the 5 participants, wrote "
        "3 of the 4 posts and received 14 of the 37 engagements."
    )
    assert lead["conversation-health"].startswith(
        "5 pairs of people interacted this week, 20% of them both ways. 100% of the posts"
    )
    assert lead["gaming"] == "1 flag raised in 2025-W45."


def test_newcomer_care_is_one_chart_of_three_lines(later_site):
    """The share acknowledged and both return rates; W45's return is not known yet."""
    page = parse(read(later_site / COMMUNITY))
    section = page.find("section", id="newcomer-care")
    assert len(section.find_all("div", "plotly-graph-div")) == 1
    rows = table_rows(section.find("table"))
    assert rows[-2:] == [
        ["2025-W44", "1", "0", "0%", "0", "–", "1", "100%"],
        ["2025-W45", "2", "1", "50%", "0", "–", "0", "–"],
    ]


@pytest.mark.parametrize(
    "page",
    [
        COMMUNITY,
        "tchat/2025-W45/sponsor.html",
        "tchat/2025-W45/recap.html",
        "tchat/participants/x-2.html",
    ],
)
def test_headings_are_words_not_column_names(later_site, page):
    """Column names appear in no heading or sentence, only in the tables and definitions
    behind a "details" toggle and in the glossary; no code font outside them."""
    document = parse(read(later_site / page))
    assert column_names_in_prose(document) == []
    for section in document.find_all("section"):
        if section.attrs.get("id") != "glossary":
            assert not section.find_all("code"), section.attrs.get("id")


def test_each_card_links_to_its_glossary_entry(later_site):
    """ "What … counts" under each card leads to an entry of the page's own glossary."""
    for page in ("tchat/2025-W45/sponsor.html", "tchat/participants/x-2.html"):
        document = parse(read(later_site / page))
        ids = {element.attrs.get("id") for element in document.iter()}
        links = [
            link.attrs["href"]
            for card in document.find_all("div", "card")
            for definition in card.find_all("p", "definition")
            for link in definition.find_all("a")
        ]
        assert len(links) >= 4 and all(link[1:] in ids for link in links), (page, links)
    sponsor = parse(read(later_site / "tchat/2025-W45/sponsor.html"))
    assert "#marts-chat_week-reach" in [a.attrs.get("href") for a in sponsor.find_all("a")]


def test_data_quality(tiny_site):
    """Quarantined records by reason (values left out), accounts without follower data, gaps."""
    page = parse(read(tiny_site / COMMUNITY))
    section = page.find("section", id="data-quality")
    assert (
        "could not be read or broke a rule: 1 record (of every chat and source)" in section.text()
    )
    rows = table_rows(table_by_caption(section, "Records held in quarantine"))
    assert rows == [
        [
            "test",
            "post",
            "created_at: … is not a timestamp with a time zone "
            "(for example 2026-11-16T20:00:00-05:00)",
            "1",
        ]
    ]
    follower = table_rows(table_by_caption(section, "Accounts without follower data"))
    assert follower[-1] == ["2025-W45", "6", "1"]
    assert [li.text() for li in section.find("ul", "gaps").find_all("li")] == [
        "2025-W43 (Mon 20 Oct 2025)"
    ]


def test_later_measures_show_their_mart_values(later_site):
    """Influence spread, the organic view, conversation and gaming signals as the marts hold
    them."""
    page = parse(read(later_site / COMMUNITY))
    influence = page.find("section", id="influence")
    assert "median influence score is 37.5" in influence.text()
    assert "hold 44.4% of the week's PageRank" in influence.text()
    bands = table_rows(table_by_caption(influence, "Participants of the week by influence"))
    assert [row[2] for row in bands] == ["0", "1", "1", "1", "0", "1", "0", "0", "0", "1"]
    organic = page.find("section", id="organic-view")
    assert table_rows(organic.find("table"))[-1] == [
        "2025-W45", "4", "2", "3", "2.6k", "2.6k", "14"
    ]  # fmt: skip
    conversation = page.find("section", id="conversation-health")
    assert table_rows(conversation.find("table"))[-1] == ["2025-W45", "5", "20%", "100%", "0"]
    gaming = page.find("section", id="gaming")
    assert table_rows(gaming.find("table")) == [
        [
            "<script>alert(1)</script> @bob",
            "Burst of mentions and reposts",
            "12",
            "10",
            "reposted @carol and @alice within a minute",
            "@carol, @alice",
        ]
    ]
    history = table_rows(table_by_caption(gaming, "Signals per week"))
    assert history == [["2025-W45", "1"]]


def test_the_heatmap_and_its_table_share_one_grid():
    """Cohorts arriving newest first come out oldest first, a column per offset; a cohort too
    young for an offset has no share there, and the heatmap draws the same grid."""
    cohorts = pl.DataFrame(
        {
            "cohort": [date(2025, 10, 20), date(2025, 10, 13), date(2025, 10, 13)],
            "cohort_label": ["2025-W43", "2025-W42", "2025-W42"],
            "cohort_size": [1, 4, 4],
            "weeks_later": [0, 0, 1],
            "share": [1.0, 1.0, 0.25],
        }
    )
    grid = retention_grid(cohorts)
    assert grid.offsets == [0, 1]
    assert grid.rows.select("cohort_label", "cohort_size", "0", "1").rows() == [
        ("2025-W42", 4, 1.0, 0.25),
        ("2025-W43", 1, 1.0, None),
    ]
    [heatmap] = retention_heatmap(grid)["data"]
    assert heatmap["y"] == ["2025-W42", "2025-W43"]
    assert [list(row) for row in heatmap["z"]] == [[1.0, 0.25], [1.0, None]]
