"""The gaming signals and the rule behind each."""

from schemas.dictionary.table import WEEK_COLUMNS, TableDoc

SIGNAL_RULES = {
    "few_sources": "it received at least 10 interactions (replies, reposts, quotes, mentions) "
    "in chat posts of the week and at least 80% of them came from its 2 most frequent sources.",
    "repost_ring": "it is one of a group of at least 3 accounts connected by mutual reposts, "
    "two accounts being linked when each reposted the other at least 2 times in the week; every "
    "member is flagged.",
    "burst": "at least 30 mentions and reposts of it were made within 10 minutes (from one of "
    "them to 10 minutes later, exclusive, within the week); the chat's hosts are exempt, as "
    "everyone mentions them when the chat starts.",
    "near_duplicates": "at least 5 of its non-repost chat posts of the week read (nearly) the "
    "same: one post and at least 4 others whose texts, once normalised (NFKC, lower-case, URLs, "
    "@mentions, digits, punctuation and symbols removed, white space collapsed) have sets of "
    "3-word sequences with a Jaccard similarity (shared sequences / all distinct sequences of "
    "the two) of at least 0.8; identical texts always qualify. Texts of fewer than 5 words once "
    'normalised are left out: short stock replies such as "Thanks! #TChat" repeat honestly.',
    "copied_answers": "one of its answers of the week (as question_week counts answers) reads "
    "the same, once normalised as for near_duplicates and with at least 5 words, as answers of "
    "the week by at least 4 other accounts of its platform; every account of the group is "
    "flagged, for its largest group when it is in several.",
}
"""Each gaming signal's rule: the signal column's definition, and the community page's list."""

GAMING_SIGNALS = TableDoc(
    "marts.gaming_signals",
    "One row per flagged account, chat-week and signal, read from the chat posts of that week "
    "only.",
    {
        **WEEK_COLUMNS,
        "platform": "Platform of the flagged account.",
        "account_id": "The platform's id of the flagged account.",
        "signal": "The pattern found. "
        + " ".join(f"{name}: {rule}" for name, rule in SIGNAL_RULES.items()),
        "value": "The measured value held against threshold: for few_sources the share of the "
        "interactions received that came from the top 2 sources (0 to 1); for repost_ring the "
        "size of the group; for burst the most mentions and reposts of it in one 10-minute "
        "window; for near_duplicates the most of its posts that are near-identical to one of "
        "them, that one included; for copied_answers the number of accounts that posted the "
        "same answer, it included.",
        "threshold": "The value at or above which the signal is raised: 0.8 (few_sources), 3 "
        "(repost_ring), 30 (burst), 5 (near_duplicates), 5 (copied_answers).",
        "evidence": "One sentence with the numbers behind the flag.",
        "related_accounts": "Ids of the other accounts involved: its top 2 sources "
        "(few_sources), the other members of the group (repost_ring), the accounts that "
        "mentioned or reposted it in the burst's window (burst), the other accounts that posted "
        "the same answer (copied_answers); empty for near_duplicates.",
    },
    key=("chat", "week_start", "platform", "account_id", "signal"),
    about="Account-weeks whose standing looks manufactured.",
    notes="A flag is a reason to look, not a verdict.",
)
