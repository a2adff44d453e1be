"""Plain text from the HTML of a Mastodon status, with the standard library only.

Follows Mastodon's own plain-text rendering: tags are stripped, entities unescaped, each
`<br>` and each paragraph end becomes one line break (so `</p><p>` is a line break), trailing
breaks are dropped. Text inside an element of class `quote-inline` (the "RE: <link>"
fallback Mastodon adds to quote posts for old clients) is left out, as clients hide it.
Hidden parts of links (`<span class="invisible">`) are kept: together they are the full URL.

While parsing, hashtag links (class `hashtag`) give the tags as written, and other links
(not mentions, not hashtags, not in the quote fallback) give the URLs the post shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass
class StatusHtml:
    """What a status's HTML says: its text, the hashtags as written, the shared links."""

    text: str = ""
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hashtags: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a hidden quote fallback)
        self._hidden = 0
        self._anchor: tuple[str, list[str]] | None = None  # (kind, text parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "br":
            if not self._hidden:
                self.parts.append("\n")
            return
        hides = "quote-inline" in classes
        if tag not in _VOID:
            self._stack.append((tag, hides))
            if hides:
                self._hidden += 1
        if tag == "a" and not self._hidden:
            href = values.get("href") or ""
            if "hashtag" in classes or values.get("rel") == "tag":
                self._anchor = ("hashtag", [])
            elif "mention" in classes:
                self._anchor = ("mention", [])
            else:
                self._anchor = ("link", [])
                if href:
                    self.links.append(href)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        was_hidden = self._hidden > 0
        # close up to the matching open tag (tolerates unclosed inner tags)
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                for _, hides in self._stack[depth:]:
                    if hides:
                        self._hidden -= 1
                del self._stack[depth:]
                break
        else:
            return
        if tag == "a" and self._anchor is not None:
            kind, text = self._anchor
            if kind == "hashtag":
                tag_text = "".join(text).strip().lstrip("#")
                if tag_text:
                    self.hashtags.append(tag_text)
            self._anchor = None
        if tag == "p" and not was_hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.parts.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)


def parse_status_html(html: str | None) -> StatusHtml:
    """Text, hashtags (as written, in order, distinct) and links of a status's HTML."""
    if not html:
        return StatusHtml()
    parser = _Parser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).strip("\n")
    return StatusHtml(
        text=text,
        hashtags=list(dict.fromkeys(parser.hashtags)),
        links=list(dict.fromkeys(parser.links)),
    )


def html_to_text(html: str | None) -> str:
    """Plain text of a status's HTML (see the module doc)."""
    return parse_status_html(html).text
