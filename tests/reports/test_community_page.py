"""The community page: participation, retention, influence, later measures, data quality."""

from datetime import date

import duckdb

from reports.queries import retention_cohorts
from tests.reports.html_tree import parse, table_by_caption, table_rows
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


def test_sections_without_their_marts_say_not_computed(tiny_site):
    """Influence, newcomer care, organic view, conversation health and gaming signals wait."""
    page = parse(read(tiny_site / COMMUNITY))
    for section_id in (
        "influence",
        "newcomer-care",
        "organic-view",
        "conversation-health",
        "gaming",
    ):
        assert page.find("section", id=section_id).find_all("p", "not-computed"), section_id
    assert "at least five weeks" in page.find("section", id="rising").text()


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


def test_later_measures_show_generically(later_site):
    """Influence spread, and chat_week columns added later, appear once they exist."""
    page = parse(read(later_site / COMMUNITY))
    influence = page.find("section", id="influence")
    assert "median influence score is 37.5" in influence.text()
    assert "hold 44.4% of the week's PageRank" in influence.text()
    bands = table_rows(table_by_caption(influence, "Participants of the week by influence"))
    assert [row[2] for row in bands] == ["0", "1", "1", "1", "0", "1", "0", "0", "0", "1"]
    newcomer = page.find("section", id="newcomer-care")
    assert table_rows(newcomer.find("table"))[-1] == ["2025-W45", "1", "25%", "–"]
    assert "newcomers_acknowledged / new_participants" in newcomer.text() or (
        "newcomer_care_rate" in newcomer.text()
    )
    organic = page.find("section", id="organic-view")
    assert table_rows(organic.find("table"))[-1] == ["2025-W45", "4", "–"]
    conversation = page.find("section", id="conversation-health")
    assert table_rows(conversation.find("table"))[-1] == ["2025-W45", "20%", "–"]
    gaming = page.find("section", id="gaming")
    assert table_rows(gaming.find("table")) == [
        [
            "<script>alert(1)</script> @bob",
            "burst of reposts",
            "12",
            "10",
            "reposted @carol and @alice within a minute",
            "@carol, @alice",
        ]
    ]
    history = table_rows(table_by_caption(gaming, "Signals per week"))
    assert history == [["2025-W45", "1"]]
