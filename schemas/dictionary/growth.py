"""The marts of growth: retention, who is rising, follower growth and lift, and whether the
measures of influence agree."""

from schemas.dictionary.table import WEEK_COLUMNS, TableDoc

COHORT_RETENTION = TableDoc(
    "marts.cohort_retention",
    "One row per chat, cohort and week since, for every week from the cohort's first to the "
    "chat's last.",
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
    about="Retention by first-week cohort.",
    notes=(
        "A cohort is the accounts whose first week of participation in the chat is "
        "cohort_week_start."
    ),
)

RISING_ACCOUNTS = TableDoc(
    "marts.rising_accounts",
    "One row per chat-week and account that took part in the last 4 chat weeks (this week and "
    "the 3 before it), when the chat has weeks in the 4 before those (4 to 7 weeks back).",
    {
        **WEEK_COLUMNS,
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
    about="Who is rising.",
)

ACCOUNT_GROWTH = TableDoc(
    "marts.account_growth",
    "One row per chat-week per account that has taken part in the chat in any week, for the "
    "weeks where its followers_end of this and of the previous calendar week are both known.",
    {
        **WEEK_COLUMNS,
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
    "One row per chat-week, over the 12 weeks ending with it: each account's mean growth_rate "
    "in weeks it took part minus its mean in weeks it stayed away, for accounts with both.",
    {
        **WEEK_COLUMNS,
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
    about="Does taking part grow an account's followers?",
    notes="A comparison of each account with itself, not proof of cause.",
)

INFLUENCE_CORRELATION = TableDoc(
    "marts.influence_correlation",
    "One row per chat-week and pair of measures among followers_at_week_end, reposts_received, "
    "mentions_received and influence_pagerank of account_week.",
    {
        **WEEK_COLUMNS,
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
    about=(
        "Do followers, reposts, mentions and influence rank people alike? (Cha et al. 2010, "
        '"the million follower fallacy", found they do not.)'
    ),
)
