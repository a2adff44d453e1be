"""Bluesky: searchPosts for the chat's hashtags, profile lookups, and the AppView reads the
Jetstream listener needs.

`pull` reads the API (clients, search, lookups, the connector); `mapping` turns posts and
profiles into canonical frames.
"""

from sources.bluesky.mapping import map_posts, map_profiles
from sources.bluesky.pull import (
    BLUESKY,
    AppViewClient,
    BlueskyClient,
    get_posts,
    get_profiles,
    search_posts,
)

__all__ = [
    "BLUESKY",
    "AppViewClient",
    "BlueskyClient",
    "get_posts",
    "get_profiles",
    "map_posts",
    "map_profiles",
    "search_posts",
]
