"""The schemas, and the tables outside core and marts."""

from schemas.dictionary.table import TableDoc

SCHEMAS = {
    "raw": "Payloads exactly as received from each source, kept by their hash.",
    "core": "The canonical records every mart is built from: posts, accounts, follower snapshots.",
    "quarantine": "Records that failed validation, with their reasons; nothing in them reaches "
    "core.",
    "marts": "The weekly tables the reports read, defined in docs/metrics.md.",
    "ops": "What the pipeline did: runs, builds, changes, pull cursors, deliveries, migrations.",
}
"""Each schema of the warehouse in one sentence."""

OPERATIONAL = (
    TableDoc(
        "raw.payloads",
        "One row per payload received.",
        key=("content_hash",),
    ),
    TableDoc(
        "quarantine.rejected",
        "One row per rejected record and source.",
        key=("source", "record_hash"),
        notes="Re-loading the same bad record does not add it twice.",
    ),
    TableDoc(
        "ops.runs",
        "One row per run that changed the warehouse, with its flow, chat, status and row counts.",
        key=("run_id",),
    ),
    TableDoc(
        "ops.builds",
        "One row per chat: the fingerprint and last change its marts were built from.",
        key=("chat",),
    ),
    TableDoc(
        "ops.chat_posts",
        "One row per post of a chat as the chat's last build matched it (a hashtag of the "
        "chat's), with its week in the chat's time zone: the next build matches again only "
        "the posts changed since.",
        key=("chat", "platform", "post_id"),
    ),
    TableDoc(
        "ops.changes",
        "One row per change of core a build must reach, written once a chat has been built "
        "(before that every build is a full one and reads none).",
        key=("change_id",),
    ),
    TableDoc(
        "ops.pull_cursors",
        "One row per pull of a source: where it left off.",
        key=("chat", "source", "endpoint", "scope"),
    ),
    TableDoc(
        "ops.deleted_posts",
        "One row per post its author deleted while the stream was listened to (it left "
        "core.posts).",
        key=("platform", "post_id"),
    ),
    TableDoc(
        "ops.deliveries",
        "One row per message sent or given up on.",
        key=("delivery_id",),
    ),
    TableDoc("ops.weekly_runs", "One row per successful weekly run.", key=("run_id",)),
    TableDoc(
        "ops.schema_version",
        "One row per migration applied.",
        key=("version",),
    ),
)
"""The tables outside core and marts: their grain and key (their columns are described by
their names and the README)."""
