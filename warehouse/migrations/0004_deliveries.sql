-- Delivery of the weekly reports, and the chat-weeks whose weekly run completed.
-- Both are logs (ops grows): a forced re-run adds rows, it never rewrites old ones.

create sequence ops.delivery_sequence;

-- One row per message sent, or given up on, to one recipient. A chat-week's report has been
-- delivered to a recipient when a 'sent' row exists for (chat, week_start, kind, recipient).
create table ops.deliveries (
    delivery_id bigint primary key default nextval('ops.delivery_sequence'),
    chat varchar not null,
    week_start date not null,
    kind varchar not null,          -- 'sponsor-report' (to recipients), 'low-data-note' (to alerts)
    recipient varchar not null,
    status varchar not null,        -- 'sent' or 'failed'
    attempts integer not null,
    message_id varchar,
    error varchar,
    run_id varchar,
    recorded_at timestamptz not null
);

-- One row per successful weekly run (pulled, built, reported and delivered). A chat-week is
-- complete when it has a row here; backfills skip complete weeks unless forced.
create table ops.weekly_runs (
    run_id varchar primary key,
    chat varchar not null,
    week_start date not null,
    posts bigint,
    trailing_median_posts double,   -- of the up-to-8 weeks before; NULL when there were none
    is_low_data boolean not null,
    completed_at timestamptz not null
);
