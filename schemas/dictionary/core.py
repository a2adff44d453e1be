"""The canonical tables every mart is built from."""

from schemas.dictionary.table import TableDoc
from schemas.records import ACCOUNT, POST, SNAPSHOT

CORE = (
    TableDoc(
        "core.posts",
        "One row per post of any platform.",
        {
            **POST.descriptions(),
            "hashtag_keys": "The hashtags as compared with a chat's: without #, NFKC-normalised "
            "and lower-cased.",
            "author_handle_key": "author_handle NFKC-normalised and lower-cased, as compared with "
            "a chat's hosts and sponsors.",
        },
        key=("platform", "post_id"),
        notes="A later observed_at replaces the record, an equal or earlier one leaves it.",
    ),
    TableDoc(
        "core.accounts",
        "One row per account.",
        {
            **ACCOUNT.descriptions(),
            "asks_not_to_be_indexed_at": "When the record that gave asks_not_to_be_indexed was "
            "observed (NULL when no record stated it, or stated it without observed_at).",
        },
        key=("platform", "account_id"),
        notes=(
            "A record without observed_at never replaces one that has it. "
            "asks_not_to_be_indexed comes from the latest record that states it, even when a "
            "later record that says nothing is held."
        ),
    ),
    TableDoc(
        "core.follower_snapshots",
        "One row per follower count read at an instant.",
        SNAPSHOT.descriptions(),
        key=("platform", "account_id", "captured_at"),
    ),
)
