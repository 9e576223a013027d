"""Every internal link and anchor of a built output resolves (external links are only listed)."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.htmlscan import html_files, scan

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(tag.attrs["id"] for tag in scan(path).tags if "id" in tag.attrs) | frozenset(
        tag.attrs["name"] for tag in scan(path).tags if tag.name == "a" and "name" in tag.attrs
    )


def broken_links(root: Path, skip: tuple[str, ...] = ("404.html",)) -> tuple[list[str], set[str]]:
    """Broken internal links as 'page -> target' and the set of external URLs."""
    broken: list[str] = []
    external: set[str] = set()
    for page in html_files(root):
        if page.name in skip:
            continue
        for tag in scan(page).tags:
            attr = LINKING.get(tag.name)
            value = tag.attrs.get(attr or "", "")
            if not attr or not value or value.startswith(("mailto:", "tel:", "data:")):
                continue
            if tag.name == "link" and tag.attrs.get("rel") in ("canonical",):
                continue
            url = urlsplit(value)
            if url.scheme or value.startswith("//"):
                external.add(value)
                continue
            target = page if not url.path else Path(posixpath.normpath(page.parent / unquote(url.path)))
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(root.resolve()):
                broken.append(f"{page.relative_to(root)} -> {value}")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _ids(target):
                broken.append(f"{page.relative_to(root)} -> {value} (no anchor)")
    return broken, external
