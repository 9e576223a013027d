"""Markdown of data records (document bodies) rendered without trusting its author.

Raw HTML is shown as text, links may only use web, mail and phone schemes, and images
from other hosts become plain links so that no page loads anything from outside.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "a" and not _SAFE_LINK.match(child.get("href", "")):
                    child.attrib.pop("href", None)
                if child.tag == "img" and _REMOTE.match(child.get("src", "")):
                    src = child.get("src", "")
                    link = Element("a", {"href": src} if _SAFE_LINK.match(src) else {})
                    link.text = child.get("alt") or child.get("src")
                    link.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, link)


class _UntrustedMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "portal_safe_links", 0)


_converter = markdown.Markdown(extensions=["tables", "sane_lists", "def_list", _UntrustedMarkdown()])


def untrusted_markdown(text: str) -> str:
    """HTML for Markdown that came from a data field (one converter, reset per call: building it is slow)."""
    return _converter.reset().convert(text)
