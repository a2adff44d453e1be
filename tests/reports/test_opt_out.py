"""Accounts that opted out are never named and their posts never shown; their numbers count."""

import pytest

from reports.pages import handle_redactor
from tests.reports.html_tree import cards, parse
from tests.reports.tiny import read, render


@pytest.mark.parametrize("entry", ["x:carol", "x:4", "x:@Carol"])
def test_opted_out_account_is_never_named(tiny_warehouse, tmp_path, entry):
    """carol opted out (by handle or id): no page, no name, no post; totals unchanged."""
    render(tiny_warehouse, tmp_path)  # written before the opt-out...
    assert (tmp_path / "tchat/participants/x-4.html").exists()
    render(tiny_warehouse, tmp_path, opt_out=[entry])  # ...and removed after it
    assert not (tmp_path / "tchat/participants/x-4.html").exists()
    for path in tmp_path.rglob("*.html"):
        html = read(path).lower()
        assert "carol" not in html, path
    sponsor = parse(read(tmp_path / "tchat/2025-W45/sponsor.html"))
    assert cards(sponsor)["Participants"]["value"] == "5"
    contributors = sponsor.find("section", id="contributors")
    assert "an opted-out participant" in [
        span.text() for span in contributors.find_all("span", "opted-out")
    ]
    posts = sponsor.find("section", id="posts").find_all("article", "post")
    assert len(posts) == 3
    assert any("@[an opted-out participant]" in post.text() for post in posts)


def test_opt_out_leaves_others_alone(tiny_site):
    """Without an opt-out everyone is named."""
    assert "Carol C" in read(tiny_site / "tchat/2025-W45/sponsor.html")


def test_opted_out_account_in_later_marts(later_warehouse, tmp_path):
    """In gaming signals an opted-out account is neither named in the evidence nor listed."""
    render(later_warehouse, tmp_path, opt_out=["x:carol"])
    for path in tmp_path.rglob("*.html"):
        assert "carol" not in read(path).lower(), path
    gaming = parse(read(tmp_path / "tchat/community.html")).find("section", id="gaming")
    row = gaming.find("tbody").find("tr").text()
    assert "reposted @[an opted-out participant] and @alice within a minute" in row
    assert "an opted-out participant, @alice" in row


def test_opted_out_question_author_is_not_quoted(later_warehouse, tmp_path):
    """A question by an opted-out host is counted but its text is not shown."""
    render(later_warehouse, tmp_path, opt_out=["x:HostOne"])
    questions = parse(read(tmp_path / "tchat/2025-W45/sponsor.html")).find(
        "section", id="questions"
    )
    assert "(a question by an opted-out participant)" in questions.text()
    assert "Topic of the week" not in questions.text()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("thanks @someone@example.social!", "thanks @[an opted-out participant]!"),
        (
            "thanks @Someone and @someone.",
            "thanks @[an opted-out participant] and @[an opted-out participant].",
        ),
        ("hi @someone@other.social", "hi @someone@other.social"),
        ("hi @someoneelse and @bob_2", "hi @someoneelse and @bob_2"),
        ("A1 @BOB, yes", "A1 @[an opted-out participant], yes"),
    ],
)
def test_handles_of_opted_out_accounts_are_blanked_in_texts(text, shown):
    """`someone@example.social` (Mastodon) is also `@someone` in a status; `bob` is on X."""
    redact = handle_redactor(["someone@example.social", "bob"])
    assert redact(text) == shown
