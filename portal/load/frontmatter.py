"""Splitting a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from portal.load.yamlsource import YamlMap, parse_yaml
from portal.problems import Problems


@dataclass
class MarkdownSource:
    """A Markdown file as read: located front matter, body, and the body's first line."""

    rel: str
    meta: YamlMap
    body: str
    body_line: int


def parse_markdown(text: str, rel: str, problems: Problems) -> MarkdownSource:
    """Split front matter (``---`` … ``---``) from the body; report unclosed or non-mapping blocks."""
    lines = text.split("\n")
    empty = YamlMap((1, 1))
    if not lines or lines[0].strip() != "---":
        return MarkdownSource(rel, empty, text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta = parse_yaml(block, rel, problems, line_offset=1) if block.strip() else empty
            if meta is None:
                meta = empty
            elif not isinstance(meta, YamlMap):
                problems.add(rel, 2, 1, "phần đầu trang (front matter) phải là các cặp 'khóa: giá trị'")
                meta = empty
            return MarkdownSource(rel, meta, body, index + 2)
    problems.add(rel, 1, 1, "phần đầu trang (front matter) mở bằng '---' nhưng không có dòng '---' đóng lại")
    return MarkdownSource(rel, empty, "", len(lines) + 1)
