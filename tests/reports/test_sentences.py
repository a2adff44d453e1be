"""The sentences that open the community page's sections, from hand-made chat_week rows."""

from reports import sentences

WEEK = {
    "week_label": "2026-W47",
    "participants": 120,
    "new_participants": 30,
    "returning_participants": 90,
    "retention_rate": 0.65,
    "posts": 520,
    "engagements": 4000,
    "organic_participants": 110,
    "organic_posts": 400,
    "organic_engagements": 2800,
    "interacting_pairs": 240,
    "reciprocity_rate": 0.25,
    "conversational_share": 0.5,
    "participation_gini": 0.4234,
    "scored_participants": 118,
    "median_influence_score": 12.5,
    "top_tenth_pagerank_share": 0.4,
    "trailing_median_posts": 500.0,
    "trailing_weeks": 8,
    "is_low_data": False,
}
PREVIOUS = {
    "week_label": "2026-W46",
    "participants": 100,
    "new_participants": 33,
    "newcomers_acknowledged": 26,
    "acknowledged_return_rate": 6 / 26,
    "unacknowledged_return_rate": 0.0,
}


def test_participation_names_new_returning_and_who_came_back():
    assert sentences.participation(WEEK, PREVIOUS) == (
        "120 people took part in 2026-W47: 30 for the first time and 90 who had taken part "
        "before. 65% of the 100 people of 2026-W46 came back."
    )
    first = {**WEEK, "retention_rate": None}
    assert sentences.participation(first, None).endswith("who had taken part before.")


def test_newcomer_care_compares_the_acknowledged_with_the_others():
    assert sentences.newcomer_care(PREVIOUS) == (
        "26 of the 33 newcomers of 2026-W46 were answered, reposted, quoted or mentioned by "
        "someone; 23.1% of them came back the week after, against none of the others."
    )


def test_newcomer_care_when_nobody_or_everybody_was_acknowledged():
    nobody = {**PREVIOUS, "newcomers_acknowledged": 0, "unacknowledged_return_rate": 0.5}
    assert sentences.newcomer_care(nobody) == (
        "Nobody answered, reposted, quoted or mentioned the 33 newcomers of 2026-W46; 50% of "
        "them came back the week after."
    )
    everybody = {**PREVIOUS, "newcomers_acknowledged": 33, "acknowledged_return_rate": 0.25}
    assert sentences.newcomer_care(everybody).endswith("25% of them came back the week after.")
    assert sentences.newcomer_care({**PREVIOUS, "new_participants": 0}) == ""
    assert sentences.newcomer_care(None) == ""


def test_organic_conversation_influence_and_volume():
    assert sentences.organic(WEEK) == (
        "Leaving out the hosts and sponsors, the community was 110 of the 120 participants, "
        "wrote 400 of the 520 posts and received 2.8k of the 4k engagements."
    )
    assert sentences.conversation(WEEK) == (
        "240 pairs of people interacted this week, 25% of them both ways. 50% of the posts "
        "were replies or mentioned someone. The Gini coefficient of posts per participant is "
        "0.423 (0: everyone posted as much; near 1: a few did nearly all)."
    )
    assert sentences.influence(WEEK) == (
        "Among the 118 participants of 2026-W47, the median influence score is 12.5; the top "
        "tenth of them hold 40% of the week's PageRank."
    )
    assert sentences.influence({**WEEK, "scored_participants": 0}) == ""
    assert sentences.low_data(WEEK) == (
        "2026-W47 has 520 posts against a median of 500 over the 8 weeks before: within the "
        "usual range."
    )
    low = {**WEEK, "posts": 100, "is_low_data": True}
    assert sentences.low_data(low).endswith("far fewer than usual: check that nothing was missed.")


def test_retention_of_the_cohort_four_weeks_back():
    cohort = {
        "cohort_size": 40, "cohort_label": "2026-W43", "active": 12, "share": 0.3,
        "weeks_later": 4,
    }  # fmt: skip
    assert sentences.retention(cohort) == (
        "Of the 40 people whose first week was 2026-W43, 12 (30%) took part again 4 weeks "
        "later, this week."
    )
    assert sentences.retention(None) == ""
