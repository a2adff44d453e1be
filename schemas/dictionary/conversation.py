"""The conversation: questions, answers, sessions and shared links."""

from schemas.dictionary.table import WEEK_COLUMNS, TableDoc

QUESTION_WEEK = TableDoc(
    "marts.question_week",
    "One row per question of a chat-week in the Q1…An format: a non-repost chat post by a host "
    "(any account when the chat has no hosts) starting with Q<n>; the earliest such post of a "
    "week is the question.",
    {
        **WEEK_COLUMNS,
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

ANSWER_POSTS = TableDoc(
    "marts.answer_posts",
    "One row per post that question_week counts as an answer (a non-repost chat post of the "
    "question's week by a non-host, or by anyone but the question's author when the chat has no "
    "hosts, starting with A<n> or else replying to the question post).",
    {
        **WEEK_COLUMNS,
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
    about="Each answer of a chat-week with the question it answers.",
)

CHAT_SESSION = TableDoc(
    "marts.chat_session",
    "One row per chat_week row.",
    {
        **WEEK_COLUMNS,
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
    about="The session of each chat-week, as the recap page shows it.",
    notes=(
        "The session runs from the week's first question to 60 minutes after its last, or is "
        "the whole week when there are no questions; its posts are the week's chat posts "
        "created in [session_start, session_end)."
    ),
)

LINK_WEEK = TableDoc(
    "marts.link_week",
    "One row per shared URL per chat-week.",
    {
        **WEEK_COLUMNS,
        "url": "The normalised URL.",
        "domain": "Its normalised host name (without a user name or port).",
        "shares": "Non-repost chat posts of the week containing it.",
        "sharers": "Distinct authors of those posts.",
        "reposts": "Chat reposts created in the same week of a post that shared it.",
    },
    key=("chat", "week_start", "url"),
    notes=(
        "URLs are normalised: scheme and host lower-cased, a leading www. dropped, utm_ query "
        "parameters removed, the fragment and a trailing / of the path removed."
    ),
)
