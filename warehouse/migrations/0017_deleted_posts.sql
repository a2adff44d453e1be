-- Posts their authors deleted while chatreach listened (Bluesky's Jetstream sends the
-- deletion): the post leaves core.posts and is noted here.
create table ops.deleted_posts (
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    deleted_at timestamptz not null,
    run_id varchar,
    primary key (platform, post_id)
);
