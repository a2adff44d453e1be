"""The sponsor page of a chat-week shows the marts' numbers, as people read them."""

import shutil

import duckdb
from markupsafe import escape

from reports import format as fmt
from reports.glossary import sections
from tests.reports.html_tree import cards, parse, table_by_caption, table_rows
from tests.reports.tiny import read, render

SPONSOR = "tchat/2025-W45/sponsor.html"


def _chat_week(warehouse, label):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return (
            con.sql("select * from marts.chat_week where week_label = ?", params=[label])
            .pl()
            .to_dicts()[0]
        )
    finally:
        con.close()


def test_headline_numbers_are_the_chat_week_values(tiny_site, tiny_warehouse):
    """Each card shows the week's chat_week value, the previous week's, and the change."""
    page = parse(read(tiny_site / SPONSOR))
    shown = cards(page)
    this, before = _chat_week(tiny_warehouse, "2025-W45"), _chat_week(tiny_warehouse, "2025-W44")
    for title, column in [
        ("Participants", "participants"),
        ("New participants", "new_participants"),
        ("Posts", "posts"),
        ("Impressions", "impressions"),
        ("Reach", "reach"),
        ("Engagements", "engagements"),
    ]:
        assert shown[title]["value"] == fmt.number(this[column])
        assert shown[title]["exact"] == fmt.exact(this[column])
        assert fmt.change(this[column], before[column]) in shown[title]["change"]
        assert f"vs {fmt.number(before[column])} the week before" in shown[title]["change"]


def test_headline_numbers_match_the_hand_count(tiny_site):
    """The tiny chat's 2025-W45 by hand: 5 participants (2 new), 4 posts, 15,000 impressions,
    15,050 reach, 37 engagements; 2025-W44 had 3, 1, 3, 14,700, 14,700 and 16."""
    shown = cards(parse(read(tiny_site / SPONSOR)))
    assert shown["Participants"]["value"] == "5"
    assert shown["Participants"]["change"].startswith("▲ +2 (+66.7%) vs 3 the week before")
    assert shown["New participants"]["value"] == "2"
    assert shown["Posts"]["value"] == "4"
    assert shown["Impressions"]["value"] == "15k"
    assert "+300 (+2%)" in shown["Impressions"]["change"]
    assert shown["Reach"]["exact"] == "15,050"
    assert shown["Engagements"]["value"] == "37"
    assert "+21 (+131.2%)" in shown["Engagements"]["change"]


def test_views_stand_beside_impressions_with_their_meaning(tiny_site):
    """2025-W45: HostOne's Q1 reports 9,000 views and alice's reply 400, the other two posts
    none: the Views card shows 9.4k, and one sentence says over how many posts."""
    page = parse(read(tiny_site / SPONSOR))
    shown = cards(page)
    assert shown["Views"]["value"] == "9.4k" and shown["Views"]["exact"] == "9,400"
    (note,) = page.find_all("p", "views-note")
    assert note.text().startswith(
        "Views are the networks' own count: 9.4k over the 2 of the week's 4 posts that report "
        "them; impressions are potential"
    )


def test_trend_table_holds_every_week_so_far(tiny_site):
    """The numbers behind the trend lines: one row per week, oldest first."""
    page = parse(read(tiny_site / SPONSOR))
    rows = table_rows(table_by_caption(page, "Headline numbers"))
    assert [row[0] for row in rows] == ["2025-W42", "2025-W43", "2025-W44", "2025-W45"]
    assert rows[-1] == ["2025-W45", "5", "2", "4", "15k", "9.4k", "15.1k", "37"]
    assert rows[1] == ["2025-W43", "0", "0", "0", "0", "–", "0", "0"]  # no views known


def test_sponsor_mentions_and_reach(tiny_site):
    """Sponsor_Co is named by one post of another account: HostOne's, 12,400 impressions,
    12,450 reach of its author, 26 engagement; its own row has 1 mention received."""
    page = parse(read(tiny_site / SPONSOR))
    section = page.find("section", id="sponsor")
    assert section.find("h3", "sponsor-name").text() == "@Sponsor_Co"
    shown = cards(section)
    assert shown["Posts naming it"]["value"] == "1"
    assert shown["Impressions of those posts"]["exact"] == "12,400"
    assert shown["Reach of their authors"]["exact"] == "12,450"
    assert shown["Engagement on those posts"]["value"] == "26"
    assert shown["Mentions received"]["value"] == "1"
    posts = section.find_all("article", "post")
    assert len(posts) == 1 and "thanks @Sponsor_Co" in posts[0].text()


def test_contributors_ranked_by_engagements_without_influence(tiny_site):
    """Without influence scores the top contributors are ranked by engagements received."""
    page = parse(read(tiny_site / SPONSOR))
    section = page.find("section", id="contributors")
    assert "this week has no influence scores yet" in section.text()
    rows = table_rows(section.find("table"))
    assert [row[1] for row in rows] == [
        "Host One @HostOne",
        "Carol C @carol",
        "Alice A. @alice",
        "@<i>dave</i>",
        "<script>alert(1)</script> @bob",
    ]
    host = rows[0]
    # #, who, reach, posts, reposts made, replies, reposts, quotes, mentions, likes, engagements
    assert host == ["1", "Host One @HostOne", "14.2k", "1", "0", "1", "1", "1", "0", "20", "23"]
    assert section.find_all("div", id="chart-contributors")


def test_most_engaging_posts_with_author_and_link(tiny_site):
    """Posts by engagement, quoted with their author, a link to X and their safe links."""
    page = parse(read(tiny_site / SPONSOR))
    posts = page.find("section", id="posts").find_all("article", "post")
    texts = [post.find("blockquote").text() for post in posts]
    assert texts[0] == "Q1 Topic of the week #TChat thanks @Sponsor_Co"
    assert texts[1].startswith("A1 so true")
    assert len(posts) == 4  # the repost and the post outside the chat are not listed
    first = posts[0]
    links = {a.attrs["href"]: a.attrs.get("rel") for a in first.find_all("a", "external")}
    assert links == {
        "https://example.com/a?utm_source=x": "noopener nofollow",
        "https://x.com/HostOne/status/1006": "noopener nofollow",
    }
    assert "20 likes · 3 reposts · 2 replies · 1 quote" in first.find("footer").text()


def test_a_week_without_questions_links_or_lift_says_so(tiny_site):
    """The tiny warehouse holds no question_week, link_week or chat_lift row."""
    page = parse(read(tiny_site / SPONSOR))
    said = {s: page.find("section", id=s).find("p", "note").text() for s in (
        "questions", "links", "lift"
    )}  # fmt: skip
    assert said["questions"] == "No questions (Q1, Q2 …) were found in the chat this week."
    assert said["links"] == "No links were shared this week."
    assert said["lift"].startswith("No account has both a week taken part and a week not")


def test_questions_links_and_lift_when_their_marts_exist(later_site):
    """With question_week, link_week and chat_lift, their sections show the rows."""
    page = parse(read(later_site / SPONSOR))
    questions = page.find("section", id="questions")
    assert table_rows(questions.find("table")) == [
        ["Q1", "Q1 Topic of the week <img src=x onerror=alert(3)>", "3", "3", "14", "10 min", "2"]
    ]  # answered after a median of 600 s; carol and dave answered in their first week
    assert questions.find_all("div", id="chart-questions")
    links = page.find("section", id="links")
    rows = table_rows(links.find("table"))
    assert rows[0] == ["1", "https://example.com/a", "example.com", "2", "2", "1"]
    assert rows[1][1] == "javascript:alert(4)"
    anchors = links.find_all("a")
    assert [a.attrs["href"] for a in anchors] == ["https://example.com/a"]
    lift = page.find("section", id="lift")
    text = lift.text()
    assert "4 accounts took part in some weeks and not in others" in text
    assert "a median 2% a week" in text and "by 0.8%" in text and "+1.23 pp" in text
    assert "not proof that taking part causes growth" in text
    assert "With fewer than 20 accounts compared there are not enough accounts to tell" in text
    assert lift.find_all("div", id="chart-lift")


def test_contributors_ranked_by_influence_when_computed(later_site):
    """With influence_score, contributors are ranked by it and show it."""
    section = parse(read(later_site / SPONSOR)).find("section", id="contributors")
    rows = table_rows(section.find("table"))
    assert [(row[1], row[2]) for row in rows] == [
        ("Host One @HostOne", "100"),
        ("Alice A. @alice", "50"),
        ("Carol C @carol", "37.5"),
        ("<script>alert(1)</script> @bob", "25"),
        ("@<i>dave</i>", "12.5"),
    ]


def test_glossary_uses_the_dictionary_wording(tiny_site):
    """Every mart column's definition appears in the glossary, word for word."""
    html = read(tiny_site / SPONSOR)
    glossary = html[html.index('<section id="glossary"') :]
    for section in sections():
        assert str(escape(section.description)) in glossary
        for entry in section.entries:
            assert f"<dd>{escape(entry.definition)}</dd>" in glossary


def test_a_week_without_data_still_renders(tiny_warehouse, tmp_path):
    """A week the warehouse has no row for gives a page that says so."""
    from datetime import date

    render(tiny_warehouse, tmp_path, week=date(2025, 12, 1))
    html = read(tmp_path / "tchat/2025-W49/sponsor.html")
    assert "has no row for this week" in html
    assert cards(parse(html))["Participants"]["value"] == "–"


def test_a_week_with_suspiciously_little_data_carries_a_warning(tiny_warehouse, tmp_path):
    """2025-W45 has 4 posts; with 16, 17 and 20 in the three weeks before it, the median is
    17 and 4 < 17 / 4 = 4.25, so the week is low (the chat_week columns set by hand)."""
    warehouse = tmp_path / "chatreach.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "update marts.chat_week set posts = case week_label when '2025-W42' then 16 "
            "when '2025-W43' then 20 when '2025-W44' then 17 else posts end"
        )
        con.execute(
            "update marts.chat_week set trailing_median_posts = 17, trailing_weeks = 3, "
            "is_low_data = true where week_label = '2025-W45'"
        )
        con.execute("checkpoint")
    finally:
        con.close()
    render(warehouse, tmp_path / "site")
    page = read(tmp_path / "site" / SPONSOR)
    alert = page.index('<p class="warning" role="alert">')
    assert page.index('<main id="main"') < alert < page.index('id="headline"')
    assert (
        "Low data: this week has 4 posts, fewer than a quarter of the median of the 3 weeks "
        "before it (17). "
        "A pull may have missed posts" in page[alert:]
    )


def test_a_normal_week_has_no_warning(tiny_site):
    """2025-W45 has 4 posts against a median of 2 in the three weeks before it."""
    assert 'role="alert"' not in read(tiny_site / SPONSOR)
