"""What the sponsors got: the posts that name them and their weeks."""

from schemas.dictionary.table import WEEK_COLUMNS, TableDoc

SPONSOR_POSTS = TableDoc(
    "marts.sponsor_posts",
    "One row per chat, sponsor handle and non-repost chat post of an account other than the "
    "sponsor's that names it, by mentioning one of its accounts by id or by holding @handle in "
    "its text with no letter, digit or underscore just before or after it (text compared "
    "NFKC-normalised and lower-cased).",
    {
        **WEEK_COLUMNS,
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
    about="The chat posts that name a configured sponsor.",
    notes="marts.sponsor_week counts these rows.",
)

SPONSOR_WEEK = TableDoc(
    "marts.sponsor_week",
    "One row per chat, week and sponsor handle, for every week of the chat.",
    {
        **WEEK_COLUMNS,
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
    about="What each configured sponsor got from each chat-week.",
    notes="Counted from marts.sponsor_posts (which says when a post names a sponsor).",
)
