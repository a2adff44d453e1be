"""X API v2: recent (or full-archive) search for the chat's hashtags, and user lookups.

`pull` reads the API (client, search, lookups, the connector); `mapping` turns its pages
into canonical frames.
"""

from sources.x.mapping import map_x_page, map_x_users, partial_errors
from sources.x.pull import X, XClient, build_query, lookup_users, search

__all__ = [
    "X",
    "XClient",
    "build_query",
    "lookup_users",
    "map_x_page",
    "map_x_users",
    "partial_errors",
    "search",
]
