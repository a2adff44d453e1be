-- The posts of each chat as its last build matched them (by hashtag), with their week in the
-- chat's time zone: a build matches and places again only the posts changed since, instead
-- of every post it holds. A build by earlier code is followed by a full one (the code is part
-- of the build's fingerprint), which fills the table.
create table ops.chat_posts (
    chat varchar not null,
    week_start date not null,
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    kind varchar not null,
    created_at timestamp with time zone not null
);
