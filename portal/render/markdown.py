"""Markdown of data records (document bodies) rendered without trusting its author.

Raw HTML is shown as text, links may only use web, mail and phone schemes, and images
from other hosts become plain links so that no page loads anything from outside.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from portal.memo import Memo

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


def _new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists", "def_list", _UntrustedMarkdown()])


_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  ", "\t"),  # two spaces before a newline, or a tab expanded to them
    "entity": ("&",),
}
"""Inline patterns of Python-Markdown that cannot match a text without one of these characters
(their regular expressions require them; Markdown only ever removes characters from the text it
hands them, and expands tabs). Its first step removes two control characters, which can join the
characters around them (``!\x02!!``): the characters are looked for in the text without them
(``_idle``). Patterns not listed here always run."""
_BLOCK_NEEDS = {
    "hashheader": ("#",),
    "quote": (">",),
    "reference": ("[",),
    "deflist": (":",),
    "table": ("|",),
}
"""Block processors likewise: each searches every block for its character before it can apply."""
_PAGE_NEEDS = {**_NEEDS, "footnote": ("[^",)}
_PAGE_BLOCK_NEEDS = {
    **_BLOCK_NEEDS,
    "footnote": ("[^",),  # these two accept every block, then search it for their marker
    "abbr": ("*[",),
    # These also continue a preceding element of their class, which raw HTML can make (md_in_html
    # reads its tags and attributes as a browser does: ``<DETAILS>``, ``class="&#97;dmonition"``).
    "admonition": ("!!!", "<"),
    "details": ("???", "<"),
    "tabbed": ("===", "<"),
}
"""The same for the extensions of the sites' pages (``markdown_extensions`` in ``mkdocs.yml``)."""
_PAGE_EXTENSIONS = frozenset(
    {
        *("toc", "tables", "fenced_code", "sane_lists", "abbr", "admonition", "attr_list", "def_list"),
        *("footnotes", "md_in_html", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"),
    }
)
"""Extensions known to hand the block parser the page's own text, placeholders aside: MkDocs' own
and the sample's. Another may add text before it (``pymdownx.snippets`` includes files), and then
every pattern and processor runs (``prunable``)."""
_KNOWN = ("markdown.", "pymdownx.")
"""Packages whose processors keep the needs above under these names: PyMdown Extensions' own
``backtick``, ``escape``, ``autolink``, ``hashheader`` and ``quote`` (inlinehilite, escapeall,
magiclink, saneheaders, quotes) need the same characters. A processor another extension
registers under one of the names always runs."""

Idle = tuple[frozenset[str], frozenset[str]]
"""Names of the inline patterns and of the block processors that cannot match a text."""
_converters: dict[Idle, markdown.Markdown] = {}


def _idle(needs: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]], text: str) -> Idle:
    """The inline patterns and block processors of ``needs`` whose characters ``text`` lacks, read as
    Python-Markdown's first step leaves it (without its two placeholder characters)."""
    if "\x02" in text or "\x03" in text:
        text = text.replace("\x02", "").replace("\x03", "")
    inline, block = (
        frozenset(name for name, chars in table.items() if not any(c in text for c in chars)) for table in needs
    )
    return inline, block


def page_idle(text: str) -> Idle:
    """What cannot match the Markdown of a page ``text``, with the pages' extensions."""
    return _idle((_PAGE_NEEDS, _PAGE_BLOCK_NEEDS), text)


def prunable(extensions: Iterable[object]) -> bool:
    """Whether a converter with ``extensions`` may leave out what ``page_idle`` names."""
    return all(
        isinstance(name, str) and name.removeprefix("markdown.extensions.") in _PAGE_EXTENSIONS for name in extensions
    )


def without(converter: markdown.Markdown, idle: Idle) -> markdown.Markdown:
    """``converter`` without the patterns and processors ``idle``, of the packages ``_KNOWN``."""
    for registry, names in ((converter.inlinePatterns, idle[0]), (converter.parser.blockprocessors, idle[1])):
        for name in names:
            if name in registry and type(registry[name]).__module__.startswith(_KNOWN):
                registry.deregister(name)
    return converter


def _converter(text: str) -> markdown.Markdown:
    """A converter without the inline patterns and block processors that cannot match ``text``,
    reset for it.

    Python-Markdown tries each of its inline patterns on every piece of text, and each block
    processor on every block; a legal document's body uses two or three of the thirteen patterns
    and one or two processors, and the misses were two fifths of converting it. The HTML is the
    same as with all of them (a test compares them).
    """
    idle = _idle((_NEEDS, _BLOCK_NEEDS), text)
    converter = _converters.get(idle)
    if converter is None:
        converter = _converters[idle] = without(_new_converter(), idle)
    return converter.reset()


CACHE_DIR = Path(".cache") / "markdown"
_VERSION = hashlib.sha256(Path(__file__).read_bytes() + markdown.__version__.encode()).hexdigest()
_memo: Memo | None = None
"""The conversions of the site being rendered, while ``remembered`` runs."""


_ahead: dict[str, str] = {}
"""HTML converted before the render began (``converted_ahead``), by body text."""


def untrusted_markdown(text: str) -> str:
    """HTML for Markdown that came from a data field (converters are kept and reset per call: building
    one is slow)."""
    html = _memo.get(text) if _memo is not None else None
    if html is None:
        html = _ahead.get(text)
        if html is None:
            html = _converter(text).convert(text)
        remember(text, html)
    return html


def remember(text: str, html: str) -> None:
    """Count ``html`` as this site's conversion of ``text``, also when it was converted earlier in
    the process for another site: the memo of ``remembered`` keeps what each site asks for."""
    if _memo is not None:
        _memo.put(text, html)


@contextmanager
def converted_ahead(bodies: dict[str, str]) -> Iterator[None]:
    """Take the HTML of ``bodies`` (text → HTML, from ``untrusted_markdown``) as converted, while the
    block runs; render workers forked inside it inherit them."""
    global _ahead
    _ahead = bodies
    try:
        yield
    finally:
        _ahead = {}


def remembered_bodies(folder: Path) -> set[str]:
    """The bodies whose HTML a build kept in ``folder`` (``remembered``), whichever site's."""
    known: set[str] = set()
    for path in sorted(folder.glob("*.pickle")):
        known.update(Memo(path, _VERSION).known)
    return known


@contextmanager
def remembered(path: Path, keep: bool = True) -> Iterator[None]:
    """Convert with the conversions kept in ``path`` by the last build, and keep this one's there
    (unless not ``keep``: ``check`` writes nothing).

    A document's body depends on its text alone, and its Markdown was half the time of its page:
    a rebuild converts only the bodies that changed. Deleting the file is always safe.
    """
    global _memo
    _memo = Memo(path, _VERSION)
    try:
        yield
        if keep:
            _memo.save()
    finally:
        _memo = None
