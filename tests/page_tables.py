"""The numbers of the HTML report read back from its tables, and the tags and links it holds.

Imported by name (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class _Page(HTMLParser):
    """Collects, per table, each row's cells as {data-key: data-value parsed} and as shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[tuple[str | None, Any, str]]]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._table: str | None = None
        self._cell: tuple[str | None, Any] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "table":
            self._table = found.get("data-table") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None and self._cell is None:
            self.tables[self._table].append([])
        elif tag == "td" and self._table is not None:
            value = found.get("data-value")
            self._cell = (found.get("data-key"), None if value is None else json.loads(value))
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append((*self._cell, "".join(self._text)))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def rows(html: str, table: str) -> list[dict[str, Any]]:
    """Each body row of TABLE as {key: the number of --format json} (cells with a key only)."""
    found = parse(html).tables[table]
    return [{key: value for key, value, _text in row if key} for row in found if row]


def shown(html: str, table: str) -> list[list[str]]:
    """Each body row of TABLE as the texts people read."""
    return [[text for _key, _value, text in row] for row in parse(html).tables[table] if row]


def outside_references(html: str) -> list[str]:
    """Every attribute or CSS that could make a browser fetch something."""
    page = parse(html)
    found = [
        f"{tag} {name}={value}"
        for tag, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "srcset", "xlink:href", "action", "poster", "data")
    ]
    found += [tag for tag, _attrs in page.tags if tag in ("script", "link", "img", "iframe")]
    lowered = html.lower()
    found += [word for word in ("url(", "@import", "http://", "https://") if word in lowered]
    return found
