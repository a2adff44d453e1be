-- What the recap page of a chat-week reads: each answer with its question, and the session
-- of the week (its window and who took part in it). Weeks built before have no rows until
-- they are next recomputed.
create table marts.answer_posts (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    question_number integer not null,
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    created_at timestamp with time zone not null,
    seconds_to_answer double,
    engagements bigint not null
);
create table marts.chat_session (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    session_start timestamp with time zone not null,
    session_end timestamp with time zone not null,
    questions bigint not null,
    posts bigint not null,
    participants bigint not null,
    new_participants bigint not null
);
