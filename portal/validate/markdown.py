"""Checks of Markdown bodies: every internal link and anchor resolves, nothing unsafe is embedded.

The checker reads the source text (not the rendered HTML) so that each problem points at
the line and column the editor typed. Code spans and fenced blocks are skipped.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from portal.load.frontmatter import MarkdownSource
from portal.problems import Problems
from portal.vietnamese import slugify

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_INLINE_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # not a footnote (``[^1]:``)
_HTML_ATTR = re.compile(r"<[a-zA-Z][^>]*?\b(href|src)\s*=\s*[\"']([^\"']*)[\"']")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"\bid\s*=\s*[\"']([^\"']+)[\"']")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|meta|link)\b", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link or embedded resource found in a Markdown body."""

    target: str
    line: int
    column: int
    embeds: bool


def _scan_lines(source: MarkdownSource) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) outside fenced code, with code spans blanked out."""
    fence: str | None = None
    for offset, line in enumerate(source.body.split("\n")):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)[0] * 3
            if fence is None:
                fence = marker
                continue
            if marker == fence:
                fence = None
                continue
        if fence is not None:
            continue
        yield source.body_line + offset, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def heading_ids(source: MarkdownSource) -> set[str]:
    """The anchors a page will have, computed the way Python-Markdown's toc does."""
    ids: set[str] = set()
    for _, line in _scan_lines(source):
        ids.update(_HTML_ID.findall(line))
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = _ATTR_ID.search(text)
        if explicit:
            ids.add(explicit.group(1))
            continue
        base = slugify(re.sub(r"\{[^}]*\}\s*$", "", text))
        candidate, counter = base, 0
        while candidate in ids:
            counter += 1
            candidate = f"{base}_{counter}"
        ids.add(candidate)
    return ids


def links(source: MarkdownSource) -> Iterator[Link]:
    """Every link target in the body, with its position."""
    for number, line in _scan_lines(source):
        for match in _INLINE_LINK.finditer(line):
            yield Link(match.group(2), number, match.start(2) + 1, match.group(1) == "!")
        match = _REFERENCE.match(line)
        if match:
            yield Link(match.group(1), number, match.start(1) + 1, False)
        for match in _HTML_ATTR.finditer(line):
            yield Link(match.group(2), number, match.start(2) + 1, match.group(1) == "src")


def check_unsafe_html(source: MarkdownSource, problems: Problems) -> None:
    """Scripts, frames and event handlers have no place in editors' Markdown."""
    for number, line in _scan_lines(source):
        for match in _UNSAFE_TAG.finditer(line):
            problems.add(
                source.rel, number, match.start() + 1, f"không được nhúng thẻ <{match.group(1).lower()}> vào nội dung"
            )
        for match in _EVENT_ATTR.finditer(line):
            problems.add(
                source.rel, number, match.start(1) + 1, f"không được dùng thuộc tính sự kiện '{match.group(1)}'"
            )


def check_links(
    source: MarkdownSource,
    src: str,
    files: set[str],
    anchors: dict[str, set[str]],
    problems: Problems,
) -> None:
    """Report internal links that do not resolve and resources loaded from other hosts.

    ``src`` is the page's path inside the content folder, ``files`` every file there,
    ``anchors`` the heading ids of every Markdown page.
    """
    for link in links(source):
        message = _link_problem(link, src, files, anchors)
        if message:
            problems.add(source.rel, link.line, link.column, message)


def _link_problem(link: Link, src: str, files: set[str], anchors: dict[str, set[str]]) -> str | None:
    target = link.target
    if not target:
        return "liên kết trống"
    if target.lower().startswith("javascript:"):
        return "không được dùng liên kết 'javascript:'"
    if _SCHEME.match(target) or target.startswith("//"):
        if link.embeds and not target.lower().startswith("data:"):
            return f"không được tải tài nguyên từ máy chủ bên ngoài '{target}'; hãy đặt tệp vào trong trang"
        return None
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if path.startswith("/"):
        return f"liên kết tuyệt đối '{target}' hỏng khi cổng đặt trong thư mục con; hãy dùng đường dẫn tương đối"
    if not path:
        resolved = src
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        if resolved.startswith("../") or resolved == "..":
            return f"liên kết '{target}' trỏ ra ngoài thư mục nội dung"
        if resolved not in files:
            if resolved + "/index.md" in files or resolved + ".md" in files:
                hint = resolved + "/index.md" if resolved + "/index.md" in files else resolved + ".md"
                rel_hint = posixpath.relpath(hint, posixpath.dirname(src) or ".")
                return f"liên kết '{target}' phải trỏ tới tệp .md: '{rel_hint}'"
            return f"liên kết tới trang hoặc tệp không tồn tại '{target}'"
    if anchor and resolved.endswith(".md") and anchor not in anchors.get(resolved, set()):
        return f"không có mục '#{anchor}' trong '{resolved}'"
    return None
