"""The data dictionary: one description per table and column of `core` and `marts`.

The warehouse COMMENTs, `docs/metrics.md` and the reports' glossary are all made from here.
"""

from dataclasses import dataclass, field

from schemas.records import ACCOUNT, POST, SNAPSHOT


@dataclass(frozen=True)
class TableDoc:
    """A table's one-line description and its columns' descriptions, in order."""

    name: str
    description: str
    columns: dict[str, str] = field(default_factory=dict)


CORE = (
    TableDoc(
        "core.posts",
        "One row per post of any platform, unique on (platform, post_id); a later observed_at "
        "replaces the record, an equal or earlier one leaves it.",
        {
            **POST.descriptions(),
            "hashtag_keys": "The hashtags as compared with a chat's: without #, NFKC-normalised "
            "and lower-cased.",
            "author_handle_key": "author_handle NFKC-normalised and lower-cased, as compared with "
            "a chat's hosts and sponsors.",
        },
    ),
    TableDoc(
        "core.accounts",
        "One row per account, unique on (platform, account_id); a record without observed_at "
        "never replaces one that has it.",
        ACCOUNT.descriptions(),
    ),
    TableDoc(
        "core.follower_snapshots",
        "Follower counts read at an instant, unique on (platform, account_id, captured_at).",
        SNAPSHOT.descriptions(),
    ),
)

_WEEK = {
    "chat": "The chat's slug from the configuration.",
    "week_start": "Monday of the ISO week in the chat's time zone (a date).",
    "week_label": "The ISO week, YYYY-Www.",
}

ACCOUNT_WEEK = TableDoc(
    "marts.account_week",
    "One row per account per chat-week, for every account that took part that week or was the "
    "target of a reply, repost, quote or mention from a chat post of that week. Key: (chat, "
    "week_start, platform, account_id).",
    {
        **_WEEK,
        "platform": "Platform of the account.",
        "account_id": "The platform's id of the account.",
        "participated": "It made at least one chat post of any kind (reposts included) this week.",
        "posts": "Its chat posts of the week that are not reposts.",
        "reposts": "Its chat reposts of the week.",
        "replies_received": "Replies to it in chat posts of the week, by other accounts.",
        "reposts_received": "Reposts of its posts in chat posts of the week, by other accounts.",
        "quotes_received": "Quotes of its posts in chat posts of the week, by other accounts.",
        "mentions_received": "Distinct non-repost chat posts of the week by other accounts that "
        "mention it (a reply or quote that mentions its own target counts).",
        "likes_received": "Sum of the like counts of its non-repost chat posts of the week.",
        "engagements_received": "replies_received + reposts_received + quotes_received + "
        "likes_received.",
        "followers_end": "Followers in its latest snapshot captured during the week (from the "
        "week's start, inclusive, to its end, exclusive); NULL when there is none.",
        "follower_change": "followers_end minus followers_end of the previous calendar week; NULL "
        "when either is NULL.",
        "impressions": "Sum, over its chat posts of the week (reposts included), of its followers "
        "at the moment of each post.",
        "amplified_audience": "Sum, over the distinct other accounts that reposted or quoted its "
        "posts in chat posts of the week, of their followers at their first such repost or quote.",
        "followers_at_week_end": "Its followers at the end of the week: the latest snapshot at or "
        "before week_end, else the earliest after, else 0.",
        "reach": "followers_at_week_end + amplified_audience: the people its week could reach.",
        "has_follower_data": "It has at least one follower snapshot (at any time).",
    },
)

CHAT_WEEK = TableDoc(
    "marts.chat_week",
    "One row per chat per week, from the chat's first week with a chat post to its last, with "
    "no gaps (a week without chat posts has zero counts). Key: (chat, week_start).",
    {
        **_WEEK,
        "week_end": "The instant the week ends: the following Monday 00:00 in the chat's time zone.",
        "participants": "Accounts with at least one chat post of any kind (reposts included) "
        "this week.",
        "contributors": "Accounts with at least one chat post this week that is not a repost.",
        "new_participants": "Participants whose first week of participation in this chat (over "
        "all data held) is this week.",
        "returning_participants": "participants minus new_participants.",
        "retention_rate": "Share of the previous week's participants who take part again this "
        "week; NULL when the previous week had none.",
        "posts": "Chat posts of the week that are not reposts (originals, replies and quotes).",
        "reposts": "Chat reposts of the week.",
        "replies": "Chat replies of the week.",
        "quotes": "Chat quotes of the week.",
        "impressions": "Sum of account_week.impressions: followers reached by each chat post at "
        "the moment it was posted.",
        "reach": "Sum over the week's participants of their followers at the end of the week.",
        "engagements": "Sum of account_week.engagements_received.",
        "accounts_without_follower_data": "Accounts of the week's account_week rows with no "
        "follower snapshot at all (counted as 0 followers).",
    },
)

MARTS = (ACCOUNT_WEEK, CHAT_WEEK)
TABLES = CORE + MARTS
