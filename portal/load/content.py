"""Discovering the files of a content folder and reading its Markdown pages."""

from __future__ import annotations

import os
from pathlib import Path

from portal.load.frontmatter import MarkdownSource, parse_markdown
from portal.load.sources import read_text, relative
from portal.problems import Problems


def discover(docs_dir: Path, root: Path, problems: Problems) -> tuple[set[str], dict[str, MarkdownSource]]:
    """All files below ``docs_dir`` (hidden ones skipped) and the parsed Markdown among them.

    Paths are relative to ``docs_dir``. A link that leads outside the repository is reported.
    """
    files: set[str] = set()
    sources: dict[str, MarkdownSource] = {}
    if not docs_dir.is_dir():
        problems.add(relative(docs_dir, root), 1, 1, "không có thư mục nội dung")
        return files, sources
    real_root = root.resolve()
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = relative(path, root)
            if not path.resolve().is_relative_to(real_root):
                problems.add(rel, 1, 1, "tệp trỏ ra ngoài kho nội dung")
                continue
            src = path.relative_to(docs_dir).as_posix()
            files.add(src)
            if name.endswith(".md"):
                text = read_text(path, rel, problems)
                if text is not None:
                    sources[src] = parse_markdown(text, rel, problems)
    return files, sources
