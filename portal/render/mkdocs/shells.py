"""Page shells: Material's chrome rendered once per URL depth, then filled for many generated pages.

Rendering 20,000 document pages through MkDocs one by one is what makes large portals slow.
Instead one placeholder page per depth goes through MkDocs; its HTML is split at markers
and every generated page at that depth is a string join. Relative links in the chrome only
depend on the depth, so they stay correct.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from portal.render.generated import GeneratedPage

SHELL_DIR = "_portal-shell"
TITLE = "@@PORTAL-TITLE@@"
DESCRIPTION = "@@PORTAL-DESCRIPTION@@"
HEAD = "@@PORTAL-HEAD@@"
CONTENT = "<p>@@PORTAL-CONTENT@@</p>"


def depth(url: str) -> int:
    return url.count("/")


def shell_url(level: int) -> str:
    return SHELL_DIR + "/" + "a/" * (level - 1)


def stub_markdown() -> str:
    """The placeholder page; ``portal_shell`` makes the theme print the head marker."""
    return f"---\ntitle: '{TITLE}'\ndescription: '{DESCRIPTION}'\nportal_shell: true\n---\n\n@@PORTAL-CONTENT@@\n"


@dataclass(frozen=True)
class Shell:
    """The chrome of one depth, split into literal parts (UTF-8) and the slots between them.

    A page is assembled as bytes: only its own title, head and body are encoded. Vietnamese text
    makes every page a two-byte-per-character string, and encoding the 12 KB of chrome again for
    each of 20,000 pages took longer than filling it.
    """

    parts: tuple[bytes, ...]
    slots: tuple[str, ...]

    @classmethod
    def parse(cls, html: str, canonical: str) -> Shell:
        tokens = [TITLE, DESCRIPTION, HEAD, CONTENT, canonical]
        pieces = re.split("(" + "|".join(re.escape(token) for token in tokens) + ")", html)
        return cls(tuple(_unindent(piece).encode() for piece in pieces[0::2]), tuple(pieces[1::2]))

    def fill(self, page: GeneratedPage, canonical: str) -> bytes:
        values = {
            TITLE: escape(page.title),
            DESCRIPTION: escape(page.description),
            HEAD: page.head,
            CONTENT: page.body,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values.get(slot, canonical).encode())
            out.append(part)
        return b"".join(out)


_INDENT = re.compile(r"\n\s+")


def _unindent(chrome: str) -> str:
    """The chrome without the templates' indentation: a quarter of a document page (5 KB) that
    every generated page repeats. A newline stays, so the browser lays out the same; text in
    ``pre`` or ``textarea`` keeps its spaces (the theme's chrome has none)."""
    return chrome if "<pre" in chrome or "<textarea" in chrome else _INDENT.sub("\n", chrome)


def fill_pages(out_dir: Path, site_url: str, pages: list[GeneratedPage]) -> None:
    """Write every generated page into its shell, then remove the shells from the output."""
    shells: dict[int, Shell] = {}
    for page in pages:
        level = depth(page.url)
        if level not in shells:
            html = (out_dir / shell_url(level) / "index.html").read_text(encoding="utf-8")
            shells[level] = Shell.parse(html, site_url + shell_url(level))
        target = out_dir / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(shells[level].fill(page.made(), site_url + page.url))
    shutil.rmtree(out_dir / SHELL_DIR, ignore_errors=True)


def refill(html: str, old: GeneratedPage, new: GeneratedPage) -> str | None:
    """``html``, written from ``old``, with ``new`` in its place: the chrome around stays as it is.

    The preview answers an edit of one document this way, without running MkDocs. The body and
    the head are matched first (they may contain the title); None if ``html`` is not ``old``'s.
    """
    slots = {old.body: new.body, old.head: new.head}
    slots |= {escape(old.description): escape(new.description), escape(old.title): escape(new.title)}
    if not old.body or old.body not in html or (old.head and old.head not in html):
        return None
    pattern = "|".join(re.escape(token) for token in slots if token)
    return re.sub(pattern, lambda match: slots[match.group(0)], html)
