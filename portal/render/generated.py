"""Pages and files the generator makes from data (documents, listings, feeds, exports).

They are engine-neutral: the engine wraps each page's body in the site's chrome.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class GeneratedPage:
    """A page at ``url`` (site-relative, directory style) with its own head and body HTML."""

    url: str
    title: str
    description: str
    body: str = ""
    head: str = ""
    updated: date | None = None
    later: Callable[[], GeneratedPage] | None = None
    """Makes the page when it is written, instead: a site's 10,000 document pages are not all
    held in memory at once (62 MB at the district of the scale portal)."""

    def made(self) -> GeneratedPage:
        return self.later() if self.later is not None else self


@dataclass(frozen=True)
class GeneratedFile:
    """A file written as is: either ``data`` or a copy of ``source``."""

    path: str
    data: bytes | None = None
    source: Path | None = None


@dataclass
class Output:
    """Everything generated for one site; ``appendices`` extend content pages at those URLs."""

    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
    appendices: dict[str, str] = field(default_factory=dict)
    captures: set[str] = field(default_factory=set)
    """URLs of content pages whose rendered body later stages need (a guide's leaflet, say)."""
    captured: dict[str, str] = field(default_factory=dict)
    """The engine's rendered body HTML of each page in ``captures``."""

    def write_files(self, out_dir: Path) -> None:
        for item in self.files:
            target = out_dir / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data if item.data is not None else Path(item.source).read_bytes())


def paginate(base: str, items: Sequence[T], size: int) -> tuple[list[str], list[Sequence[T]]]:
    """The URLs of a listing's pages (``base``, ``base/trang-2/``, …) and the items on each."""
    count = max(1, math.ceil(len(items) / size))
    urls = [base] + [f"{base}trang-{number}/" for number in range(2, count + 1)]
    return urls, [items[index * size : (index + 1) * size] for index in range(count)]


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element (JSON-LD): no ``<``, ``>`` or ``&`` left to close it.

    On one line: with ``indent`` Python's JSON encoder runs in Python, five times slower, and a
    large portal writes one such block per document.
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
