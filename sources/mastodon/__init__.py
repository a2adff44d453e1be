"""Mastodon: the hashtag timelines of the chat's hashtags (across instances), and account
lookups.

`pull` reads the API (client, timelines, lookups, the connector); `mapping` turns statuses
and accounts into canonical frames.
"""

from sources.mastodon.mapping import map_accounts, map_statuses
from sources.mastodon.pull import (
    MASTODON,
    MastodonClient,
    lookup_accounts,
    next_max_id,
    remote_tag_timeline,
    resolve_status,
    status_uris,
    tag_timeline,
)

__all__ = [
    "MASTODON",
    "MastodonClient",
    "lookup_accounts",
    "map_accounts",
    "map_statuses",
    "next_max_id",
    "remote_tag_timeline",
    "resolve_status",
    "status_uris",
    "tag_timeline",
]
