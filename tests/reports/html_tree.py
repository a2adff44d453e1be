"""A minimal HTML tree for reading the pages in tests: elements by tag and class, their text."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        """The element's text, white space collapsed."""
        parts: list[str] = []
        stack: list[Element | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            elif node.tag not in ("script", "style"):
                stack.extend(reversed(node.children))
        return " ".join("".join(parts).split())

    def iter(self):
        stack: list[Element | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Element):
                yield node
                stack.extend(reversed(node.children))

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str):
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """The document's tree (entities decoded, so texts are as a reader sees them)."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def cards(document: Element) -> dict[str, dict[str, str]]:
    """The headline cards: title → {value, title (exact value), change}."""
    found = {}
    for card in document.find_all("div", "card"):
        heading = card.find("h3").text()
        value = card.find("p", "value")
        changes = card.find_all("p", "change")
        found[heading] = {
            "value": value.text(),
            "exact": value.attrs.get("title") or "",
            "change": changes[0].text() if changes else "",
        }
    return found


def table_rows(table: Element) -> list[list[str]]:
    """The texts of the cells of each body row."""
    body = table.find("tbody")
    return [
        [cell.text() for cell in row.children if isinstance(cell, Element)]
        for row in body.find_all("tr")
    ]


def table_by_caption(document: Element, caption: str) -> Element:
    for table in document.find_all("table"):
        captions = table.find_all("caption")
        if captions and captions[0].text().startswith(caption):
            return table
    raise AssertionError(f"no table captioned {caption!r}")


def column_names_in_prose(document: Element) -> list[tuple[str, str]]:
    """(section id, text) of every heading or sentence outside the glossary, the tables and
    the "details" toggles that holds a snake_case name (links and quoted posts are the data's
    own text and left out)."""

    def words(element):
        if element.tag in ("table", "details", "script", "a", "blockquote"):
            return
        yield "".join(c for c in element.children if isinstance(c, str))
        for child in element.children:
            if not isinstance(child, str):
                yield from words(child)

    return [
        (section.attrs.get("id", ""), text)
        for section in document.find_all("section")
        if section.attrs.get("id") != "glossary"
        for text in words(section)
        if re.search(r"\b[a-z]+_[a-z_]+\b", text)
    ]
