"""A tiny HTML scanner for assertions on built pages (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]


@dataclass
class Scan(HTMLParser):
    tags: list[Tag] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, {key: value or "" for key, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, name: str, **attrs: str) -> list[Tag]:
        return [tag for tag in self.tags if tag.name == name and all(tag.attrs.get(k) == v for k, v in attrs.items())]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def scan(path: Path) -> Scan:
    parser = Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
