"""A page per participant: weekly influence, reach and followers, and why this score."""

from tests.reports.html_tree import cards, parse, table_by_caption, table_rows
from tests.reports.tiny import read

PARTICIPANTS = "tchat/participants"


def test_a_page_for_each_participant_of_the_week(tiny_site):
    """The week's participants get pages; an account only mentioned (the sponsor) does not."""
    names = sorted(path.name for path in (tiny_site / PARTICIPANTS).iterdir())
    assert names == ["x-1.html", "x-2.html", "x-3.html", "x-4.html", "x-6.html"]


def test_host_page_numbers(tiny_site):
    """HostOne in 2025-W45: 12,450 followers at the week's end, 1,800 amplified, 14,250 reach."""
    page = parse(read(tiny_site / PARTICIPANTS / "x-1.html"))
    assert page.find("h1").text() == "Host One @HostOne"
    assert "Took part in 3 weeks, from 2025-W42 to 2025-W45" in page.find("p", "dates").text()
    shown = cards(page.find("section", id="why"))
    assert shown["Followers"]["exact"] == "12,450"
    assert shown["Amplified audience"]["exact"] == "1,800"
    assert shown["Reach"]["exact"] == "14,250"
    interactions = table_rows(page.find("table", "given-received"))
    assert interactions == [
        ["Replies", "0", "1"],
        ["Mentions", "1", "0"],
        ["Reposts", "0", "1"],
        ["Quotes", "0", "1"],
        ["Likes", "–", "20"],
    ]
    weeks = table_rows(table_by_caption(page, "Week by week"))
    # week, took part, reach, followers_end, follower change, amplified, posts, reposts, eng.
    assert weeks == [
        ["2025-W42", "yes", "12.4k", "–", "–", "0", "1", "0", "1"],
        ["2025-W43", "no", "–", "–", "–", "–", "–", "–", "–"],
        ["2025-W44", "yes", "12.4k", "–", "–", "0", "1", "0", "11"],
        ["2025-W45", "yes", "14.2k", "12.4k", "–", "1.8k", "1", "0", "23"],
    ]
    assert page.find_all("div", id="chart-audience") and page.find_all("div", id="chart-influence")


def test_given_and_received(tiny_site):
    """alice replied to HostOne and was mentioned by carol; dave mentioned carol."""
    alice = parse(read(tiny_site / PARTICIPANTS / "x-2.html"))
    assert table_rows(alice.find("table", "given-received"))[:2] == [
        ["Replies", "1", "0"],
        ["Mentions", "0", "1"],
    ]
    dave = parse(read(tiny_site / PARTICIPANTS / "x-6.html"))
    assert dave.find("h1").text() == "@<i>dave</i>"
    assert table_rows(dave.find("table", "given-received"))[1] == ["Mentions", "1", "0"]
    bob = parse(read(tiny_site / PARTICIPANTS / "x-3.html"))
    assert table_rows(bob.find("table", "given-received"))[2] == ["Reposts", "1", "0"]


def test_influence_and_reciprocity_when_computed(later_site):
    """With the influence columns and a reciprocity column, the page shows them."""
    page = parse(read(later_site / PARTICIPANTS / "x-2.html"))
    shown = cards(page.find("section", id="why"))
    assert shown["Influence score"]["value"] == "50"
    assert "Rank 2 of the week" in page.find("section", id="why").text()
    assert shown["Reciprocity rate"]["value"] == "50%"
    weeks = table_rows(table_by_caption(page, "Week by week"))
    assert weeks[-1][:4] == ["2025-W45", "yes", "50", "2"]
