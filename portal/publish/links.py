"""The link gate: every internal link and anchor of a built output resolves; external links are listed.

It reads the produced HTML, so it checks what citizens get, across all sites of the portal.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}
NOT_LOADED = {"canonical", "alternate"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        attr = LINKING.get(tag)
        if attr and values.get(attr):
            self.links.append((tag, values[attr], values.get("rel", "")))


@dataclass
class LinkReport:
    """Broken internal links (page → target) and every external URL with the pages using it."""

    broken: list[str] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def check_links(root: Path, skip: tuple[str, ...] = ("404.html",)) -> LinkReport:
    """Check every HTML file below ``root`` (404 pages use absolute paths by design)."""
    parsed: dict[Path, _Tags] = {}

    def parse(path: Path) -> _Tags:
        if path not in parsed:
            parser = _Tags()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = parser
        return parsed[path]

    report = LinkReport()
    base = root.resolve()
    for page in sorted(root.rglob("*.html")):
        if page.name in skip:
            continue
        for tag, value, rel in parse(page).links:
            if value.startswith(("mailto:", "tel:", "data:")) or (tag == "link" and NOT_LOADED & set(rel.split())):
                continue
            url = urlsplit(value)
            if url.scheme or value.startswith("//"):
                report.external[value].append(page.relative_to(root).as_posix())
                continue
            target = page if not url.path else Path(posixpath.normpath(page.parent / unquote(url.path)))
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(root).as_posix()} -> {value}"
            if not target.is_file() or not target.resolve().is_relative_to(base):
                report.broken.append(where)
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
                report.broken.append(where + " (không có mục này)")
    return report
