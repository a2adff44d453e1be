"""The recap of a chat-week: the session, each question with its best answers and links, the
posts of the hour; as a page and as Markdown whose text from the data cannot change it."""

from markdown_it import MarkdownIt

from tests.reports.html_tree import parse
from tests.reports.tiny import HOSTILE_TEXT, read

RECAP = "tchat/2025-W45/recap"


def test_the_session_at_a_glance(later_site):
    """marts.chat_session's W45 row: 19:00 to 20:00 New York time, 4 posts, 5 participants,
    2 new, 1 question."""
    page = parse(read(later_site / f"{RECAP}.html"))
    session = page.find("section", id="session")
    assert "From Wed 5 Nov 2025, 19:00 to Wed 5 Nov 2025, 20:00 (America/New_York)." in (
        session.text()
    )
    values = [card.find("p", "value").text() for card in session.find_all("div", "card")]
    assert values == ["4", "5", "2", "1"]


def test_each_question_with_its_three_best_answers_and_links(later_site):
    """Q1: carol's quote (7 likes), alice's reply (5), dave's A1 (2); the links of the answers,
    the javascript: one as text only."""
    page = parse(read(later_site / f"{RECAP}.html"))
    q1 = page.find("section", id="q1")
    assert q1.find("blockquote", "question-text").text() == (
        "Q1 Topic of the week <img src=x onerror=alert(3)>"
    )
    assert (
        "3 answers by 3 people (2 taking part for the first time); median time to answer: "
        "10 min." in q1.text()
    )
    authors = [p.find("span", "author").text() for p in q1.find_all("article", "post")]
    assert authors == ["Carol C @carol", "Alice A. @alice", "@<i>dave</i>"]
    links = [li.text() for li in q1.find("ul", "question-links").find_all("li")]
    assert links == [
        "https://carol.example/blog (1 answer)",
        "https://ok.example/x?a=1&b=2 (1 answer)",
        "javascript:alert(1) (1 answer)",
    ]
    assert 'href="javascript:' not in read(later_site / f"{RECAP}.html")


def test_the_most_engaged_posts_of_the_session(later_site):
    page = parse(read(later_site / f"{RECAP}.html"))
    hour = page.find("section", id="hour")
    authors = [p.find("span", "author").text() for p in hour.find_all("article", "post")]
    assert authors == ["Host One @HostOne", "Carol C @carol", "Alice A. @alice", "@<i>dave</i>"]


def test_opted_out_answerers_are_left_out(later_warehouse, tmp_path):
    from tests.reports.tiny import render

    render(later_warehouse, tmp_path, opt_out=["x:carol"])
    page = parse(read(tmp_path / f"{RECAP}.html"))
    text = page.text()
    assert "carol" not in text.lower().replace("@[an opted-out participant]", "")
    assert "Carol C" not in read(tmp_path / f"{RECAP}.md")


def test_the_markdown_renders_the_data_as_text(later_site):
    """Rendered as CommonMark, the hostile post stays literal text: no tag, no emphasis, no
    link but the safe ones, no heading of its own."""
    markdown = read(later_site / f"{RECAP}.md")
    html = MarkdownIt("commonmark").render(markdown)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    rendered = parse(html)
    assert [h.text() for h in rendered.find_all("h2")] == [
        "Q1", "The most engaged posts of the hour"
    ]  # fmt: skip
    assert rendered.find("h1").text() == "#TChat 2025-W45: recap"
    hrefs = [a.attrs["href"] for a in rendered.find_all("a")]
    assert not [h for h in hrefs if not h.startswith("https://")], hrefs
    assert HOSTILE_TEXT.replace("  ", " ") in rendered.text()
    assert not rendered.find_all("em") and not rendered.find_all("strong")[0].find_all("em")


def test_the_recap_is_linked_from_the_index_and_the_sponsor_page(later_site):
    sponsor = parse(read(later_site / "tchat/2025-W45/sponsor.html"))
    assert "recap.html" in [a.attrs.get("href") for a in sponsor.find_all("a")]
    index = parse(read(later_site / "index.html"))
    assert "tchat/2025-W45/recap.html" in [a.attrs.get("href") for a in index.find_all("a")]
