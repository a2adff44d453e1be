"""Which texts may become links, and the public address of a post on its platform."""

import hashlib
import re
from urllib.parse import quote, urlsplit

_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,50}$")
_DIGITS = re.compile(r"^[0-9]{1,30}$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)
_BLUESKY_URI = re.compile(
    r"^at://(did:[a-z0-9]+:[A-Za-z0-9._:%-]+)/app\.bsky\.feed\.post/([A-Za-z0-9]+)$"
)
_BLUESKY_KEY = re.compile(r"^[A-Za-z0-9]{1,64}$")


def safe_href(url: str | None) -> str | None:
    """The URL itself when it may be a link (http or https with a host, no spaces), else None."""
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def post_url(platform: str, post_id: str, handle: str | None) -> str | None:
    """The post's page on its platform when one can be formed from its id and author, else None.

    The simulated platform `demo` and platforms not known here have none.
    """
    handle = handle or ""
    if platform == "x" and _DIGITS.match(post_id):
        author = handle if _X_HANDLE.match(handle) else "i"
        return f"https://x.com/{author}/status/{post_id}"
    if platform == "mastodon" and _DIGITS.match(post_id) and "@" in handle:
        user, _, host = handle.partition("@")
        if user and _HOST.match(host):
            return f"https://{host.lower()}/@{quote(user, safe='')}/{post_id}"
        return None
    if platform == "bluesky":
        match = _BLUESKY_URI.match(post_id)
        if match:
            return f"https://bsky.app/profile/{quote(match[1], safe=':')}/post/{match[2]}"
        if _BLUESKY_KEY.match(post_id) and _HOST.match(handle):
            return f"https://bsky.app/profile/{handle.lower()}/post/{post_id}"
    return None


def page_name(platform: str, account_id: str) -> str:
    """The file name of an account's participant page: `<platform>-<safe id>.html`.

    Letters, digits, `_` and `-` are kept; every other byte is written `~XX`, so two different
    ids never share a file. An id too long for a file name is replaced by its SHA-256.
    """
    safe = "".join(
        char
        if (char.isascii() and (char.isalnum() or char in "_-"))
        else "".join(f"~{byte:02X}" for byte in char.encode("utf-8"))
        for char in account_id
    )
    platform_part = re.sub(r"[^a-z0-9_-]", "_", platform.lower())
    if len(safe) > 180:
        safe = "~sha256~" + hashlib.sha256(account_id.encode("utf-8")).hexdigest()
    return f"{platform_part}-{safe}.html"
