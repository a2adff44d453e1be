"""How chatreach reads the places where the metric definitions leave room."""

DECISIONS = (
    "A conflict (two records of one key, observed at the same time, that differ) is about the "
    "record the key holds: once a later observation replaces it, the conflict's loser leaves "
    "quarantine.rejected as the replaced record leaves core, whatever the order of arrival.",
    "Text is compared after Unicode NFKC normalisation and lower-casing everywhere: hashtags, "
    'host handles, and the Q<n> and A<n> at the start of a post (a full-width "Ｑ６" is Q6).',
    "A host is recognised by the handle a post was made under (its author_handle), not by the "
    "account's current handle.",
    "A post that replies and quotes at once yields its reply and its mentions (the quoted "
    "account too, when the post mentions it); the quoted account gets no quote interaction "
    "and no amplified audience from it.",
    "An answer whose leading A<n> names a question not asked that week answers nothing: it "
    "does not fall back to the question it replies to. An answer posted before its question "
    "in the same week counts; a reply to a question of another week is not an answer.",
    "A reply answers a question, and a repost counts for a shared link, only on the platform "
    "of the question or of the sharing post (post ids belong to their platform).",
    "A URL that only reposts carry has no link_week row: shares count non-repost posts. One "
    "trailing / of the path is removed: .../a// becomes .../a/.",
    "A URL is read as scheme://host/path?query#fragment; a text that is not of that form "
    "(a bare domain, mailto:) is kept as written, without surrounding white space, with an "
    "empty domain.",
    "Leading white space before Q<n> or A<n> is what Unicode calls white space (spaces, tabs, "
    "line breaks, no-break and ideographic spaces).",
    "follower_change compares with the previous calendar week even when the account had no "
    "account_week row then: followers_end is read from its snapshots either way.",
    "retention_rate is 0 in a week without chat posts that follows an active week, and NULL "
    "in the week after it (its previous week had no participants).",
)
"""How chatreach reads the places where the metric definitions leave room."""
