-- core.follower_snapshots, core.posts and ops.changes keep their keys without an index. Their
-- loads already hold one row per key (a batch is reduced to one row per key, and only keys
-- not yet held are inserted; change_id comes from a sequence), and the test suite's data
-- tests check the core keys.
-- The indexes were half of the warehouse (a year of a busy chat: 230 of 450 MB), and every
-- write copies the warehouse and writes the indexes again at its checkpoint.
create table core.follower_snapshots_unindexed (
    platform varchar not null,
    account_id varchar not null,
    captured_at timestamp with time zone not null,
    followers_count bigint not null,
    following_count bigint,
    posts_count bigint
);
insert into core.follower_snapshots_unindexed
select * from core.follower_snapshots
order by platform, account_id, captured_at;
drop table core.follower_snapshots;
alter table core.follower_snapshots_unindexed rename to follower_snapshots;

create table core.posts_unindexed (
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    author_handle varchar not null,
    created_at timestamp with time zone not null,
    text varchar not null,
    kind varchar not null,
    reply_to_post_id varchar,
    reply_to_account_id varchar,
    referenced_post_id varchar,
    referenced_account_id varchar,
    mention_ids varchar[] not null,
    hashtags varchar[] not null,
    urls varchar[] not null,
    like_count bigint not null,
    repost_count bigint not null,
    reply_count bigint not null,
    quote_count bigint not null,
    observed_at timestamp with time zone not null,
    hashtag_keys varchar[] not null,
    author_handle_key varchar not null,
    view_count bigint
);
insert into core.posts_unindexed
select * from core.posts
order by platform, post_id;
drop table core.posts;
alter table core.posts_unindexed rename to posts;

create table ops.changes_unindexed (
    change_id bigint not null default nextval('ops.change_sequence'),
    record_kind varchar not null,
    platform varchar not null,
    account_id varchar not null,
    old_at timestamp with time zone,
    new_at timestamp with time zone,
    run_id varchar
);
insert into ops.changes_unindexed
select * from ops.changes
order by change_id;
drop table ops.changes;
alter table ops.changes_unindexed rename to changes;
