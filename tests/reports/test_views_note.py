"""The sentence beside the headline views: how many posts report them, and which networks
report none, in words."""

from reports.headline import views_note

WEEK = {"posts": 120, "views": 48_200, "posts_with_views": 80}


def test_views_reported_by_some_posts_and_silent_networks_named():
    note = views_note(WEEK | {"platforms_without_views": ["bluesky", "mastodon"]})
    assert note == (
        "Views are the networks' own count: 48.2k over the 80 of the week's 120 posts that "
        "report them; impressions are potential (each author's followers at the post). "
        "Bluesky and Mastodon report no views: the views of their posts are unknown, not zero."
    )


def test_one_silent_network_and_no_views_at_all():
    note = views_note(
        {"posts": 3, "views": None, "posts_with_views": 0, "platforms_without_views": ["x"]}
    )
    assert note == "X reports no views: the views of its posts are unknown, not zero."


def test_every_post_reports_views():
    note = views_note(WEEK | {"posts_with_views": 120, "platforms_without_views": []})
    assert note.startswith("Views are the networks' own count: 48.2k over the 120 of the week's")
    assert "no views" not in note


def test_a_week_without_posts_or_row_says_nothing():
    assert views_note(None) == ""
    assert views_note({"posts": 0, "views": None, "posts_with_views": 0}) == ""
