"""The index: every chat, week and page, newest first."""

from tests.reports.html_tree import parse, table_rows
from tests.reports.tiny import read


def test_index_lists_weeks_newest_first_with_their_pages(tiny_site):
    """Weeks newest first; the written sponsor pages linked, the others marked."""
    page = parse(read(tiny_site / "index.html"))
    section = page.find("section", id="chat-tchat")
    rows = table_rows(section.find("table"))
    assert [row[0] for row in rows] == ["2025-W45", "2025-W44", "2025-W43", "2025-W42"]
    assert rows[0][4] == "Sponsor report 2025-W45" and rows[3][4] == "not written"
    hrefs = [a.attrs["href"] for a in section.find_all("a")]
    assert "tchat/community.html" in hrefs
    assert "tchat/2025-W45/sponsor.html" in hrefs and "tchat/2025-W44/sponsor.html" in hrefs
    people = section.find("ul", "people").find_all("li")
    assert sorted(li.find("a").attrs["href"] for li in people) == [
        f"tchat/participants/x-{n}.html" for n in (1, 2, 3, 4, 6)
    ]
    for href in hrefs:
        assert (tiny_site / href).exists(), href
