"""Page shells: Material's chrome rendered once per URL depth, then filled for many pages.

Rendering 20,000 document pages through MkDocs one by one is what makes large portals slow.
Instead one placeholder page per depth goes through MkDocs; its HTML is split at markers
and every generated page at that depth is a string join. Content pages off the navigation
(news posts, guides) are filled the same way once MkDocs has converted them. Relative links
in the chrome only depend on the depth, so they lead to the same places (written from the
placeholder's address, ``../../../tin-tuc/`` where Material writes ``../../``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

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


SKIP = "@@PORTAL-SKIP@@"
TOC = "@@PORTAL-TOC@@"
ARTICLE = "@@PORTAL-ARTICLE@@"
SKIP_OPEN = '<div data-md-component="skip">'
"""Where Material puts the link that skips to the first heading; a placeholder page has none."""


def download_name(url: str) -> str:
    """The file name the save button offers, as ``partials/actions.html`` writes it."""
    return f'download="{url.strip("/").replace("/", "-") or "trang-chu"}.html"'


@dataclass(frozen=True)
class Shell:
    """The chrome of one depth, split into literal parts (UTF-8) and the slots between them.

    A page is assembled as bytes: only its own values are encoded. Vietnamese text makes every
    page a two-byte-per-character string, and encoding the 12 KB of chrome again for each of
    20,000 pages took longer than filling it.
    """

    parts: tuple[bytes, ...]
    slots: tuple[str, ...]

    @classmethod
    def parse(cls, html: str, tokens: list[str]) -> Shell:
        pattern = "|".join(re.escape(token) for token in tokens if token)  # no address without site_url
        pieces = re.split(f"({pattern})", html)
        return cls(tuple(_unindent(piece).encode() for piece in pieces[0::2]), tuple(pieces[1::2]))

    def fill(self, values: dict[str, str]) -> bytes:
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot].encode())
            out.append(part)
        return b"".join(out)


@dataclass(frozen=True)
class Shells:
    """The placeholder page of one depth, filled two ways.

    ``generated`` takes a generated page's body where the placeholder's content was. ``markdown``
    takes a whole content page that is not on the navigation (a news post, a guide): only its
    table of contents, article, skip link, title, description and address differ from the
    placeholder's page, so Material's template (1 ms a page) does not run for it. None when the
    theme's regions could not be found once each in the placeholder's page.
    """

    generated: Shell
    markdown: Shell | None
    canonical: str
    download: str

    @classmethod
    def parse(cls, html: str, canonical: str, download: str, toc: str, article: str) -> Shells:
        """``toc`` and ``article``: the placeholder's table of contents and article as the theme
        renders them by themselves."""
        html = html.replace(SKIP_OPEN, SKIP_OPEN + SKIP, 1)
        fixed = [TITLE, DESCRIPTION, HEAD, canonical, SKIP]
        generated = Shell.parse(html, [*fixed, CONTENT, download])
        markdown = None
        if html.count(toc) == 1 and html.count(article) == 1 and SKIP in html:
            markdown = Shell.parse(html.replace(toc, TOC).replace(article, ARTICLE), [*fixed, TOC, ARTICLE])
        return cls(generated, markdown, canonical, download)

    @property
    def leaks(self) -> bool:
        """The placeholder's address is left in the chrome: the theme prints the page's address
        somewhere no slot fills, and every generated page would show the placeholder's."""
        return any(SHELL_DIR.encode() in part for part in self.generated.parts)

    def fill(self, page: GeneratedPage, canonical: str) -> bytes:
        values = {
            TITLE: escape(page.title),
            DESCRIPTION: escape(page.description),
            HEAD: page.head,
            CONTENT: page.body,
            SKIP: "",
            self.canonical: canonical,
            self.download: download_name(page.url),
        }
        return self.generated.fill(values)


_INDENT = re.compile(r"\n\s+")
_LINK = re.compile(r'(href|src)="([^"]*)"')


def readable(html: str, url: str) -> str:
    """``html`` as a browser reads it at ``url``: links resolved, indentation dropped. A page filled
    into a shell reads the same as the page Material renders: its links are written from the
    placeholder's address and its chrome has no indentation."""
    base = "https://portal.invalid/" + url
    return _INDENT.sub("\n", _LINK.sub(lambda match: f'{match[1]}="{urljoin(base, match[2])}"', html))


def _unindent(chrome: str) -> str:
    """The chrome without the templates' indentation: a quarter of a document page (5 KB) that
    every generated page repeats. A newline stays, so the browser lays out the same; text in
    ``pre`` or ``textarea`` keeps its spaces (the theme's chrome has none)."""
    return chrome if "<pre" in chrome or "<textarea" in chrome else _INDENT.sub("\n", chrome)


def fill_pages(out_dir: Path, site_url: str, pages: list[GeneratedPage], shells: dict[int, Shells]) -> None:
    """Write every generated page into the shell of its depth.

    Paths are strings: at 25,000 pages, ``pathlib``'s joins and checks were most of the Python
    time of writing a page (the rest is the kernel's).
    """
    out = str(out_dir)
    for page in pages:
        write_page(
            os.path.join(out, page.url, "index.html"), shells[depth(page.url)].fill(page.made(), site_url + page.url)
        )


def write_page(path: str, data: bytes) -> None:
    """Write ``data`` to ``path``, making its folder: one ``mkdir`` when only the last folder is missing."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)


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
