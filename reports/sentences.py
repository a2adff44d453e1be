"""The one sentence that opens each section of the community page, written from the week's
chat_week row (and the one before it) in a community manager's words.

Every number in a sentence is a mart value as it is; a sentence is left out when the numbers
it needs are not there (the chat's first week, a week without newcomers).
"""

from typing import Any

from reports import format as fmt

Row = dict[str, Any]


def _share(value: Any) -> str:
    """A rate in words: "none" for 0, else the percentage."""
    return "none" if value == 0 else fmt.percent(value)


def participation(week: Row, previous: Row | None) -> str:
    """Who took part this week, and how many of last week's participants came back."""
    text = (
        f"{fmt.count(week['participants'], 'person', 'people')} took part in "
        f"{week['week_label']}: {fmt.number(week['new_participants'])} for the first time and "
        f"{fmt.number(week['returning_participants'])} who had taken part before."
    )
    if previous and week["retention_rate"] is not None:
        text += (
            f" {fmt.percent(week['retention_rate'])} of the "
            f"{fmt.number(previous['participants'])} people of {previous['week_label']} "
            "came back."
        )
    return text


def retention(cohort: Row | None) -> str:
    """How much of the cohort of four weeks ago still takes part (cohort_retention's row)."""
    if not cohort:
        return ""
    return (
        f"Of the {fmt.count(cohort['cohort_size'], 'person', 'people')} whose first week was "
        f"{cohort['cohort_label']}, {fmt.number(cohort['active'])} "
        f"({fmt.percent(cohort['share'])}) took part again {cohort['weeks_later']} weeks "
        "later, this week."
    )


def newcomer_care(previous: Row | None) -> str:
    """Whether last week's acknowledged newcomers came back more often than the others."""
    if not previous or not previous["new_participants"]:
        return ""
    newcomers = fmt.count(previous["new_participants"], "newcomer")
    acknowledged = previous["newcomers_acknowledged"]
    of_week = f"of {previous['week_label']}"
    if not acknowledged:
        return (
            f"Nobody answered, reposted, quoted or mentioned the {newcomers} {of_week}; "
            f"{_share(previous['unacknowledged_return_rate'])} of them came back the week after."
        )
    text = (
        f"{fmt.number(acknowledged)} of the {newcomers} {of_week} were answered, reposted, "
        f"quoted or mentioned by someone; {_share(previous['acknowledged_return_rate'])} of "
        "them came back the week after"
    )
    if acknowledged == previous["new_participants"]:
        return text + "."
    return text + f", against {_share(previous['unacknowledged_return_rate'])} of the others."


def influence(week: Row) -> str:
    """How concentrated the week's influence was."""
    if not week["scored_participants"]:
        return ""
    return (
        f"Among the {fmt.count(week['scored_participants'], 'participant')} of "
        f"{week['week_label']}, the median influence score is "
        f"{fmt.score(week['median_influence_score'])}; the top tenth of them hold "
        f"{fmt.percent(week['top_tenth_pagerank_share'])} of the week's PageRank."
    )


def organic(week: Row) -> str:
    """How much of the week was the community's own, without the hosts and sponsors."""
    return (
        "Leaving out the hosts and sponsors, the community was "
        f"{fmt.number(week['organic_participants'])} of the "
        f"{fmt.count(week['participants'], 'participant')}, wrote "
        f"{fmt.number(week['organic_posts'])} of the {fmt.count(week['posts'], 'post')} and "
        f"received {fmt.number(week['organic_engagements'])} of the "
        f"{fmt.count(week['engagements'], 'engagement')}."
    )


def conversation(week: Row) -> str:
    """How much people talked with each other rather than past each other."""
    pairs = week["interacting_pairs"]
    text = f"{fmt.count(pairs, 'pair')} of people interacted this week"
    if pairs:
        text += f", {_share(week['reciprocity_rate'])} of them both ways"
    text += "."
    if week["conversational_share"] is not None:
        text += (
            f" {fmt.percent(week['conversational_share'])} of the posts were replies or "
            "mentioned someone."
        )
    if week["participation_gini"] is not None:
        text += (
            f" The Gini coefficient of posts per participant is "
            f"{fmt.decimal(week['participation_gini'])} (0: everyone posted as much; near 1: "
            "a few did nearly all)."
        )
    return text


def low_data(week: Row) -> str:
    """Whether this week had far fewer posts than usual."""
    if week["trailing_median_posts"] is None:
        return ""
    verdict = (
        "far fewer than usual: check that nothing was missed"
        if week["is_low_data"]
        else "within the usual range"
    )
    return (
        f"{week['week_label']} has {fmt.count(week['posts'], 'post')} against a median of "
        f"{fmt.number(week['trailing_median_posts'])} over the "
        f"{fmt.count(week['trailing_weeks'], 'week')} before: {verdict}."
    )
