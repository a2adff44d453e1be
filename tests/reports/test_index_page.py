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


def test_writing_one_chat_keeps_the_others_in_the_index(tiny_warehouse, tmp_path):
    """A second chat with pages under the folder stays listed when one chat's week is written."""
    import duckdb

    from tests.reports.tiny import render

    other = tmp_path / "otherchat"
    other.mkdir()
    (other / "community.html").write_text("<p>another chat</p>")
    copy = tmp_path / "two-chats.duckdb"
    copy.write_bytes(tiny_warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute(
        "insert into marts.chat_week by name select * replace ('otherchat' as chat) "
        "from marts.chat_week where chat = 'tchat'"
    )
    con.close()
    render(copy, tmp_path)
    page = parse(read(tmp_path / "index.html"))
    assert page.find("section", id="chat-otherchat").find("h2").text() == "otherchat"
    assert page.find("section", id="chat-tchat").find("h2").text() == "#TChat tchat"
