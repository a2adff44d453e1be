"""The weekly marts: one row per account-week and one per chat-week."""

from schemas.dictionary.table import WEEK_COLUMNS, TableDoc

ACCOUNT_WEEK = TableDoc(
    "marts.account_week",
    "One row per account per chat-week, for every account that took part that week or was the "
    "target of a reply, repost, quote or mention from a chat post of that week.",
    {
        **WEEK_COLUMNS,
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
    "no gaps (a week without chat posts has zero counts).",
    {
        **WEEK_COLUMNS,
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
