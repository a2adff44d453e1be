"""The data dictionary: one description per table and column of `core` and `marts`.

The warehouse COMMENTs, `docs/metrics.md` and the reports' glossary are all made from here.
"""

from dataclasses import dataclass, field

from schemas.records import ACCOUNT, POST, SNAPSHOT


@dataclass(frozen=True)
class TableDoc:
    """A table's one-line description (its grain among it), its columns' descriptions in
    order, and its key: the columns no two rows share."""

    name: str
    description: str
    columns: dict[str, str] = field(default_factory=dict)
    key: tuple[str, ...] = ()


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
        key=("platform", "post_id"),
    ),
    TableDoc(
        "core.accounts",
        "One row per account, unique on (platform, account_id); a record without observed_at "
        "never replaces one that has it. asks_not_to_be_indexed comes from the latest record "
        "that states it, even when a later record that says nothing is held.",
        {
            **ACCOUNT.descriptions(),
            "asks_not_to_be_indexed_at": "When the record that gave asks_not_to_be_indexed was "
            "observed (NULL when no record stated it, or stated it without observed_at).",
        },
        key=("platform", "account_id"),
    ),
    TableDoc(
        "core.follower_snapshots",
        "Follower counts read at an instant, unique on (platform, account_id, captured_at).",
        SNAPSHOT.descriptions(),
        key=("platform", "account_id", "captured_at"),
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
        "views": "Views the platform reports, summed over its non-repost chat posts of the week "
        "that carry a view_count (X does; Mastodon and Bluesky report none); NULL when none "
        "does. Actual views, beside the potential impressions.",
        "posts_with_views": "Its non-repost chat posts of the week that carry a view_count.",
        "amplified_audience": "Sum, over the distinct other accounts that reposted or quoted its "
        "posts in chat posts of the week, of their followers at their first such repost or quote.",
        "followers_at_week_end": "Its followers at the end of the week: the latest snapshot at or "
        "before week_end, else the earliest after, else 0.",
        "reach": "followers_at_week_end + amplified_audience: the people its week could reach.",
        "has_follower_data": "It has at least one follower snapshot (at any time).",
        "influence_pagerank": "Its PageRank in the week's interaction graph: the accounts are "
        "the chat-week's account_week rows, all platforms together; a links to b when a replied "
        "to, reposted, quoted or mentioned b in chat posts of the week, with weight ln(1 + s), "
        "s = 1 per reply, repost or quote plus 0.5 per mention, so repeating an interaction "
        "counts for less and less. Damping 0.85, uniform teleport, the rank of accounts that "
        "interacted with nobody spread over all; iterated until the total change is below 1e-12. "
        "Sums to 1 over the chat-week.",
        "influence_rank": "1 for the highest influence_pagerank of the chat-week, then by "
        "descending pagerank; pageranks equal up to rounding (within a relative 1e-12) are "
        "ordered by platform, then account_id.",
        "influence_score": "100 × influence_pagerank / the highest influence_pagerank of the "
        "chat-week: 100 for the most influential account of the week.",
        "amplifiers": "Distinct other accounts that reposted or quoted its posts in chat posts of "
        "the week.",
        "replies_given": "Replies it made to other accounts in its chat posts of the week.",
        "reposts_given": "Chat reposts it made this week of other accounts' posts.",
        "quotes_given": "Chat quotes it made this week of other accounts' posts (a post that "
        "replies and quotes at once is a reply).",
        "mentions_given": "Mentions it made in its non-repost chat posts of the week: per post, "
        "each distinct other account mentioned, except the account the post replies to or "
        "quotes (unlike mentions_received, which counts such a mention).",
        "interaction_partners": "Distinct other accounts it replied to, reposted, quoted or "
        "mentioned, or that did so to it, in chat posts of the week.",
        "reciprocal_partners": "Those interaction_partners with interactions both ways this "
        "week: it interacted with them and they with it.",
        "reciprocity_rate": "reciprocal_partners / interaction_partners; NULL when it had no "
        "interaction partners.",
    },
    key=("chat", "week_start", "platform", "account_id"),
)

CHAT_WEEK = TableDoc(
    "marts.chat_week",
    "One row per chat per week, from the chat's first week with a chat post to its last, with "
    "no gaps (a week without chat posts has zero counts). Key: (chat, week_start).",
    {
        **_WEEK,
        "week_end": "The instant the week ends: the following Monday 00:00 in the chat's "
        "time zone.",
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
        "views": "Views the platforms report, summed over the week's non-repost chat posts that "
        "carry a view_count; NULL when none does.",
        "posts_with_views": "Non-repost chat posts of the week that carry a view_count.",
        "platforms_without_views": "The platforms (sorted) with non-repost chat posts this week "
        "none of which carries a view_count: their views are unknown, not zero.",
        "reach": "Sum over the week's participants of their followers at the end of the week.",
        "engagements": "Sum of account_week.engagements_received.",
        "accounts_without_follower_data": "Accounts of the week's account_week rows with no "
        "follower snapshot at all (counted as 0 followers).",
        "organic_participants": "participants, leaving out the chat's hosts and sponsors.",
        "organic_new_participants": "new_participants, leaving out the chat's hosts and sponsors.",
        "organic_posts": "posts, leaving out those of the chat's hosts and sponsors.",
        "organic_impressions": "impressions, leaving out those of the chat's hosts and sponsors.",
        "organic_reach": "reach, leaving out the chat's hosts and sponsors.",
        "organic_engagements": "engagements, leaving out those received by the chat's hosts and "
        "sponsors.",
        "newcomers_acknowledged": "New participants of the week who got a reply, repost, quote or "
        "mention from another account in that week.",
        "newcomer_care_rate": "newcomers_acknowledged / new_participants: the share of newcomers "
        "someone answered; NULL when there were none.",
        "acknowledged_newcomers_returned": "Acknowledged newcomers of the week who took part again "
        "the next week.",
        "unacknowledged_newcomers_returned": "Newcomers of the week nobody acknowledged who took "
        "part again the next week.",
        "acknowledged_return_rate": "acknowledged_newcomers_returned / newcomers_acknowledged; "
        "NULL when there were none.",
        "unacknowledged_return_rate": "unacknowledged_newcomers_returned / the newcomers nobody "
        "acknowledged; NULL when there were none.",
        "interacting_pairs": "Pairs of accounts with at least one reply, repost, quote or mention "
        "between them (either way) in chat posts of the week.",
        "reciprocity_rate": "Share of interacting_pairs that interacted both ways; NULL when there "
        "were none.",
        "conversational_share": "Share of the week's non-repost chat posts that are replies or "
        "mention another account; NULL when there were none.",
        "participation_gini": "Gini coefficient of chat posts (all kinds) per participant: 0 when "
        "everyone posted as much, near 1 when a few did nearly all; NULL without participants.",
        "trailing_median_posts": "Median of posts over the chat's weeks in the 8 calendar weeks "
        "before this one (the mean of the middle two for an even count); NULL for its first "
        "week.",
        "trailing_weeks": "How many weeks that median is over: 8, or fewer at the start of the "
        "chat.",
        "is_low_data": "posts < 0.25 × trailing_median_posts: far fewer posts than usual, more "
        "often a pull that missed posts than a quiet week; false when there is no median.",
        "scored_participants": "Participants of the week with an influence score.",
        "median_influence_score": "Median influence_score over them; NULL when there are none.",
        "top_tenth_pagerank_share": "Σ influence_pagerank of the top tenth of them (the "
        "ceil(n/10) with the largest PageRank) / Σ influence_pagerank of all of them: how much "
        "of the week's influence the few hold; NULL when there are none.",
    },
    key=("chat", "week_start"),
)

COHORT_RETENTION = TableDoc(
    "marts.cohort_retention",
    "Retention by first-week cohort: one row per chat, cohort and week since, for every week "
    "from the cohort's first to the chat's last. A cohort is the accounts whose first week of "
    "participation in the chat is cohort_week_start. Key: (chat, cohort_week_start, "
    "weeks_since).",
    {
        "chat": "The chat's slug from the configuration.",
        "cohort_week_start": "Monday of the cohort's first week of participation, in the chat's "
        "time zone.",
        "cohort_week_label": "That week, YYYY-Www.",
        "weeks_since": "Weeks from the cohort's week to this one (0: the cohort's own week).",
        "week_start": "Monday of the week observed: cohort_week_start + 7 × weeks_since days.",
        "week_label": "That week, YYYY-Www.",
        "cohort_size": "Accounts whose first participation week in the chat is the cohort's.",
        "participants": "Those of them taking part in the chat in the week observed.",
        "share": "participants / cohort_size (1 when weeks_since is 0).",
    },
    key=("chat", "cohort_week_start", "weeks_since"),
)

RISING_ACCOUNTS = TableDoc(
    "marts.rising_accounts",
    "Who is rising: one row per chat-week and account that took part in the last 4 chat weeks "
    "(this week and the 3 before it), when the chat has weeks in the 4 before those (4 to 7 "
    "weeks back). Key: (chat, week_start, platform, account_id).",
    {
        **_WEEK,
        "platform": "Platform of the account.",
        "account_id": "The platform's id of the account.",
        "recent_weeks": "Chat weeks in the recent window: this week and up to 3 before it.",
        "earlier_weeks": "Chat weeks in the earlier window: 4 to 7 weeks back (up to 4).",
        "recent_mean_score": "Σ influence_score over the recent window's weeks / recent_weeks; "
        "a week without an account_week row (or without a score) counts 0.",
        "earlier_mean_score": "The same over the earlier window / earlier_weeks.",
        "score_gain": "recent_mean_score − earlier_mean_score.",
        "recent_weeks_taken_part": "Weeks of the recent window it took part in (1 to 4).",
    },
    key=("chat", "week_start", "platform", "account_id"),
)

SPONSOR_POSTS = TableDoc(
    "marts.sponsor_posts",
    "The chat posts that name a configured sponsor: one row per chat, sponsor handle and "
    "non-repost chat post of an account other than the sponsor's that names it, by mentioning "
    "one of its accounts by id or by holding @handle in its text with no letter, digit or "
    "underscore just before or after it (text compared NFKC-normalised and lower-cased). "
    "marts.sponsor_week counts these rows. Key: (chat, sponsor, platform, post_id).",
    {
        **_WEEK,
        "sponsor": "The configured sponsor handle, without @, NFKC-normalised and lower-cased.",
        "platform": "Platform of the post.",
        "post_id": "The post (core.posts).",
        "author_id": "Its author.",
        "created_at": "When it was posted.",
        "impressions": "The author's followers at the post's instant (the followers_at rule of "
        "impressions).",
        "engagements": "The post's like, repost, reply and quote counts added up.",
    },
    key=("chat", "sponsor", "platform", "post_id"),
)

SPONSOR_WEEK = TableDoc(
    "marts.sponsor_week",
    "What each configured sponsor got from each chat-week: one row per chat, week and sponsor "
    "handle, for every week of the chat, counted from marts.sponsor_posts (which says when a "
    "post names a sponsor). Key: (chat, week_start, sponsor).",
    {
        **_WEEK,
        "sponsor": "The configured sponsor handle, without @, NFKC-normalised and lower-cased.",
        "accounts_known": "Accounts with that handle: in any of their posts or in core.accounts "
        "(the rule that finds hosts and sponsors).",
        "posts_naming": "Non-repost chat posts of the week, by accounts other than the "
        "sponsor's, that name it.",
        "authors_naming": "Distinct authors of those posts.",
        "impressions_naming": "Σ over those posts of the author's followers at the post's "
        "instant (the followers_at rule of impressions).",
        "reach_of_authors": "Σ over their distinct authors of followers_at_week_end.",
        "engagements_naming": "Σ over those posts of their like, repost, reply and quote counts.",
        "mentions_received": "Σ mentions_received of the sponsor's accounts' account_week rows "
        "of the week (0 without a row).",
        "own_posts": "Σ posts of the sponsor's accounts' account_week rows of the week; NULL "
        "when it has none.",
        "reach": "Σ reach of those rows; NULL when it has none.",
        "influence_score": "The largest influence_score of those rows; NULL when it has none.",
    },
    key=("chat", "week_start", "sponsor"),
)

ACCOUNT_GROWTH = TableDoc(
    "marts.account_growth",
    "One row per chat-week per account that has taken part in the chat in any week, for the "
    "weeks where its followers_end of this and of the previous calendar week are both known. "
    "Key: (chat, week_start, platform, account_id).",
    {
        **_WEEK,
        "platform": "Platform of the account.",
        "account_id": "The platform's id of the account.",
        "followers_end": "Followers in its latest snapshot captured during the week.",
        "previous_followers_end": "Followers in its latest snapshot captured during the previous "
        "calendar week.",
        "follower_change": "followers_end minus previous_followers_end.",
        "growth_rate": "follower_change / previous_followers_end; NULL when that is 0.",
        "participated": "It took part in the chat this week.",
    },
    key=("chat", "week_start", "platform", "account_id"),
)

CHAT_LIFT = TableDoc(
    "marts.chat_lift",
    "Does taking part grow an account's followers? One row per chat-week, over the 12 weeks "
    "ending with it: each account's mean growth_rate in weeks it took part minus its mean in "
    "weeks it stayed away, for accounts with both. A comparison of each account with itself, "
    "not proof of cause. Key: (chat, week_start).",
    {
        **_WEEK,
        "window_weeks": "Weeks in the window: 12, this week included (fewer exist at the start).",
        "accounts_compared": "Accounts with a growth_rate in at least one week they took part and "
        "one they did not, within the window.",
        "lift_median": "Median over those accounts of (mean growth when taking part − mean growth "
        "when away); NULL when no account qualifies.",
        "participating_growth_median": "Median over those accounts of their mean growth_rate in "
        "weeks they took part.",
        "nonparticipating_growth_median": "Median over those accounts of their mean growth_rate "
        "in weeks they stayed away.",
        "lift_ci_low": "Lower end of a distribution-free 95% interval for lift_median: with the "
        "n accounts' lifts sorted ascending, the j-th, j = max(1, floor(n/2 − 0.98·√n)); NULL "
        "when fewer than 20 accounts are compared.",
        "lift_ci_high": "Upper end of that interval: the k-th lift, k = min(n, ceil(1 + n/2 + "
        "0.98·√n)); NULL when fewer than 20 accounts are compared.",
    },
    key=("chat", "week_start"),
)

QUESTION_WEEK = TableDoc(
    "marts.question_week",
    "One row per question of a chat-week in the Q1…An format: a non-repost chat post by a host "
    "(any account when the chat has no hosts) starting with Q<n>; the earliest such post of a "
    "week is the question. Key: (chat, week_start, question_number).",
    {
        **_WEEK,
        "question_number": "The n of Q<n>.",
        "question_post_id": "The post that asked it.",
        "question_platform": "Platform of the question post.",
        "question_author_id": "Account that asked it.",
        "question_created_at": "When it was asked.",
        "question_text": "The question's text.",
        "answers": "Non-repost chat posts of the week by non-hosts that answer it: their leading "
        "A<n> names it, or, without one, they reply to the question post.",
        "answerers": "Distinct accounts among those answers.",
        "answer_engagements": "Sum of the answers' like, reply, repost and quote counts.",
        "median_seconds_to_answer": "Median, over its answers created at or after the question, "
        "of the seconds from the question to the answer (the mean of the middle two for an even "
        "count); NULL without such answers. An A<n> posted before its question is an answer "
        "but is left out of the timing.",
        "p90_seconds_to_answer": "The 90th percentile of the same seconds, interpolated "
        "linearly between the two nearest (as DuckDB's quantile_cont); NULL without such "
        "answers.",
        "new_participant_answerers": "Distinct answerers whose first participation week in the "
        "chat (their first chat post of any kind) is this week.",
    },
    key=("chat", "week_start", "question_number"),
)

LINK_WEEK = TableDoc(
    "marts.link_week",
    "One row per shared URL per chat-week. URLs are normalised: scheme and host lower-cased, "
    "a leading www. dropped, utm_ query parameters removed, the fragment and a trailing / of "
    "the path removed. Key: (chat, week_start, url).",
    {
        **_WEEK,
        "url": "The normalised URL.",
        "domain": "Its normalised host name (without a user name or port).",
        "shares": "Non-repost chat posts of the week containing it.",
        "sharers": "Distinct authors of those posts.",
        "reposts": "Chat reposts created in the same week of a post that shared it.",
    },
    key=("chat", "week_start", "url"),
)

INFLUENCE_CORRELATION = TableDoc(
    "marts.influence_correlation",
    'Do followers, reposts, mentions and influence rank people alike? (Cha et al. 2010, "the '
    'million follower fallacy", found they do not.) One row per chat-week and pair of measures '
    "among followers_at_week_end, reposts_received, mentions_received and influence_pagerank "
    "of account_week. Key: (chat, week_start, measure_a, measure_b).",
    {
        **_WEEK,
        "measure_a": "The first measure: followers_at_week_end, reposts_received or "
        "mentions_received (an account_week column).",
        "measure_b": "The second measure, later in the list followers_at_week_end, "
        "reposts_received, mentions_received, influence_pagerank.",
        "accounts": "The chat-week's account_week rows the two rankings are taken over.",
        "spearman": "Spearman rank correlation of the two measures over those accounts: 1 when "
        "they rank the accounts the same way, about 0 when unrelated, -1 when reversed. Tied "
        "values share the average of their ranks (pageranks within a relative 1e-12 are tied). "
        "NULL when there are fewer than 3 accounts or either measure is the same for all.",
    },
    key=("chat", "week_start", "measure_a", "measure_b"),
)

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
    "Account-weeks whose standing looks manufactured: one row per flagged account, chat-week "
    "and signal, read from the chat posts of that week only. A flag is a reason to look, not a "
    "verdict. Key: (chat, week_start, platform, account_id, signal).",
    {
        **_WEEK,
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
)

ANSWER_POSTS = TableDoc(
    "marts.answer_posts",
    "Each answer of a chat-week with the question it answers: one row per post that "
    "question_week counts as an answer (a non-repost chat post of the question's week by a "
    "non-host, or by anyone but the question's author when the chat has no hosts, starting with "
    "A<n> or else replying to the question post). Key: (chat, platform, post_id).",
    {
        **_WEEK,
        "question_number": "The n of the question it answers.",
        "platform": "Platform of the answer.",
        "post_id": "The answer (core.posts).",
        "author_id": "Its author.",
        "created_at": "When it was posted.",
        "seconds_to_answer": "Seconds from the question's created_at to the answer's; NULL for "
        "an answer posted before its question.",
        "engagements": "The answer's like, repost, reply and quote counts added up.",
    },
    key=("chat", "platform", "post_id"),
)

CHAT_SESSION = TableDoc(
    "marts.chat_session",
    "The session of each chat-week, as the recap page shows it: one row per chat_week row. The "
    "session runs from the week's first question to 60 minutes after its last, or is the whole "
    "week when there are no questions; its posts are the week's chat posts created in "
    "[session_start, session_end). Key: (chat, week_start).",
    {
        **_WEEK,
        "session_start": "The created_at of the week's first question; the week's start "
        "without questions.",
        "session_end": "60 minutes after the created_at of the week's last question; the week's "
        "end without questions.",
        "questions": "Questions of the week (question_week rows).",
        "posts": "Non-repost chat posts of the week created in the session.",
        "participants": "Accounts with a chat post of the week (reposts included) created in "
        "the session.",
        "new_participants": "Those of them whose first participation week in the chat is this "
        "week.",
    },
    key=("chat", "week_start"),
)

MARTS = (
    ACCOUNT_WEEK,
    CHAT_WEEK,
    COHORT_RETENTION,
    RISING_ACCOUNTS,
    SPONSOR_POSTS,
    SPONSOR_WEEK,
    ACCOUNT_GROWTH,
    CHAT_LIFT,
    QUESTION_WEEK,
    ANSWER_POSTS,
    CHAT_SESSION,
    LINK_WEEK,
    INFLUENCE_CORRELATION,
    GAMING_SIGNALS,
)
TABLES = CORE + MARTS

SCHEMAS = {
    "raw": "Payloads exactly as received from each source, kept by their hash.",
    "core": "The canonical records every mart is built from: posts, accounts, follower snapshots.",
    "quarantine": "Records that failed validation, with their reasons; nothing in them reaches "
    "core.",
    "marts": "The weekly tables the reports read, defined in docs/metrics.md.",
    "ops": "What the pipeline did: runs, builds, changes, pull cursors, deliveries, migrations.",
}
"""Each schema of the warehouse in one sentence."""

OPERATIONAL = (
    TableDoc(
        "raw.payloads",
        "One row per payload received, unique on (content_hash).",
        key=("content_hash",),
    ),
    TableDoc(
        "quarantine.rejected",
        "One row per rejected record and source, unique on "
        "(source, record_hash): re-loading the same bad record does not add it twice.",
        key=("source", "record_hash"),
    ),
    TableDoc(
        "ops.runs",
        "One row per run that changed the warehouse, unique on (run_id), with "
        "its flow, chat, status and row counts.",
        key=("run_id",),
    ),
    TableDoc(
        "ops.builds",
        "One row per chat: the fingerprint and last change its marts were "
        "built from, unique on (chat).",
        key=("chat",),
    ),
    TableDoc(
        "ops.changes",
        "One row per change of core a build must reach, unique on (change_id).",
        key=("change_id",),
    ),
    TableDoc(
        "ops.pull_cursors",
        "Where each pull of a source left off, unique on (chat, source, endpoint, scope).",
        key=("chat", "source", "endpoint", "scope"),
    ),
    TableDoc(
        "ops.deleted_posts",
        "One row per post its author deleted while the stream was listened to (it left "
        "core.posts), unique on (platform, post_id).",
        key=("platform", "post_id"),
    ),
    TableDoc(
        "ops.deliveries",
        "One row per message sent or given up on, unique on (delivery_id).",
        key=("delivery_id",),
    ),
    TableDoc(
        "ops.weekly_runs", "One row per successful weekly run, unique on (run_id).", key=("run_id",)
    ),
    TableDoc(
        "ops.schema_version",
        "One row per migration applied, unique on (version).",
        key=("version",),
    ),
)
"""The tables outside core and marts: their grain and key (their columns are described by
their names and the README)."""

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
