"""What the mail says about a week, on a simulated chat."""

from config.settings import PrivacySettings
from delivery.content import week_content
from reports.figures import OPTED_OUT
from tests.delivery.conftest import END_WEEK
from warehouse.publish import reading


def test_week_content_of_a_simulated_chat(simulated):
    con = reading(simulated.warehouse.path)
    try:
        content = week_content(con, simulated.chat("tchat"), END_WEEK)
    finally:
        con.close()
    assert content.title == "#TChat 2026-W47" and content.label == "2026-W47"
    assert content.dates == "Mon 16 Nov 2026 – Sun 22 Nov 2026"
    assert [row.metric for row in content.headline][:3] == [
        "participants",
        "new_participants",
        "posts",
    ]
    posts = next(row for row in content.headline if row.metric == "posts")
    assert posts.value == content.volume.posts > 0 and posts.previous is not None
    assert 0 < len(content.contributors) <= 10
    assert [c.position for c in content.contributors] == list(
        range(1, len(content.contributors) + 1)
    )
    assert [label for label, _ in content.reach_by_week] == ["2026-W45", "2026-W46", "2026-W47"]
    views = next(row for row in content.headline if row.metric == "views")
    assert views.value is not None and views.value > 0  # the simulator reports views
    assert content.views_note.startswith("Views are the networks' own count:")


def test_an_opted_out_contributor_is_never_named(simulated):
    con = reading(simulated.warehouse.path)
    try:
        chat = simulated.chat("tchat")
        first = week_content(con, chat, END_WEEK).contributors[0]
        handle = first.name.split("(@")[-1].rstrip(")").lstrip("@")
        account = con.execute(
            "select platform || ':' || account_id from core.accounts where handle = ?", [handle]
        ).fetchall()[0][0]
        hidden = week_content(con, chat, END_WEEK, PrivacySettings(opt_out=[account]).opt_out)
    finally:
        con.close()
    assert hidden.contributors[0].name == hidden.contributors[0].handle == OPTED_OUT
    assert all(handle not in c.name for c in hidden.contributors)
