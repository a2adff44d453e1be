-- The first layout of the warehouse: raw log, canonical core, quarantine, marts and ops.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists quarantine;
create schema if not exists marts;
create schema if not exists ops;

create table ops.schema_version (
    version integer primary key,
    name varchar not null,
    applied_at timestamptz not null
);

create table raw.payloads (
    content_hash varchar primary key,
    source varchar not null,
    endpoint varchar,
    origin varchar not null,
    received_at timestamptz not null,
    status integer,
    byte_count bigint not null,
    body blob,
    run_id varchar
);

create table core.posts (
    platform varchar not null,
    post_id varchar not null,
    author_id varchar not null,
    author_handle varchar not null,
    created_at timestamptz not null,
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
    observed_at timestamptz not null,
    hashtag_keys varchar[] not null,
    author_handle_key varchar not null,
    primary key (platform, post_id)
);

create table core.accounts (
    platform varchar not null,
    account_id varchar not null,
    handle varchar not null,
    display_name varchar,
    observed_at timestamptz,
    primary key (platform, account_id)
);

create table core.follower_snapshots (
    platform varchar not null,
    account_id varchar not null,
    captured_at timestamptz not null,
    followers_count bigint not null,
    following_count bigint,
    posts_count bigint,
    primary key (platform, account_id, captured_at)
);

create table quarantine.rejected (
    source varchar not null,
    record_kind varchar not null,
    record varchar not null,
    record_hash varchar not null,
    reasons varchar[] not null,
    origin varchar,
    first_seen_at timestamptz not null,
    run_id varchar,
    primary key (source, record_hash)
);

create table marts.account_week (
    chat varchar not null,
    week_start date not null,
    week_label varchar not null,
    platform varchar not null,
    account_id varchar not null,
    participated boolean not null,
    posts bigint not null,
    reposts bigint not null,
    replies_received bigint not null,
    reposts_received bigint not null,
    quotes_received bigint not null,
    mentions_received bigint not null,
    likes_received bigint not null,
    engagements_received bigint not null,
    followers_end bigint,
    follower_change bigint,
    impressions bigint not null,
    amplified_audience bigint not null,
    followers_at_week_end bigint not null,
    reach bigint not null,
    has_follower_data boolean not null
);

create table marts.chat_week (
    chat varchar not null,
    week_start date not null,
    week_end timestamptz not null,
    week_label varchar not null,
    participants bigint not null,
    contributors bigint not null,
    new_participants bigint not null,
    returning_participants bigint not null,
    retention_rate double,
    posts bigint not null,
    reposts bigint not null,
    replies bigint not null,
    quotes bigint not null,
    impressions bigint not null,
    reach bigint not null,
    engagements bigint not null,
    accounts_without_follower_data bigint not null
);

create sequence ops.change_sequence;

create table ops.changes (
    change_id bigint primary key default nextval('ops.change_sequence'),
    record_kind varchar not null,
    platform varchar not null,
    account_id varchar not null,
    old_at timestamptz,
    new_at timestamptz,
    run_id varchar
);

create table ops.builds (
    chat varchar primary key,
    fingerprint varchar not null,
    last_change_id bigint not null,
    built_at timestamptz not null
);

create table ops.runs (
    run_id varchar primary key,
    flow varchar not null,
    chat varchar,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    rows_in bigint not null default 0,
    rows_rejected bigint not null default 0,
    message varchar
);

create table ops.pull_cursors (
    chat varchar not null,
    source varchar not null,
    endpoint varchar not null,
    scope varchar not null,
    cursor varchar,
    updated_at timestamptz not null,
    primary key (chat, source, endpoint, scope)
);
