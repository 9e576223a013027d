"""Validation of content pages: front matter against its schema, then links and embedded HTML."""

from __future__ import annotations

import difflib
from typing import Any

from portal.load.frontmatter import MarkdownSource
from portal.load.yamlsource import YamlMap
from portal.model.guide import (
    GUIDE_FIELDS,
    POSTER_STEP_LENGTH,
    POSTER_STEPS,
    POSTER_TITLE_LENGTH,
    YOUTUBE,
    Guide,
    Video,
    is_guide,
)
from portal.model.page import PAGE_FIELDS, POST_FIELDS, Page, is_post
from portal.problems import Problems
from portal.validate.markdown import check_links, check_unsafe_html, heading_ids
from portal.validate.schema import Checker


def check_pages(
    sources: dict[str, MarkdownSource], files: set[str], problems: Problems, procedures: frozenset[str] = frozenset()
) -> dict[str, Page]:
    """Validate every page; ``sources`` is keyed by the path inside the content folder.

    ``procedures`` are the slugs a guide may link to.
    """
    anchors = {src: heading_ids(source) for src, source in sources.items()}
    pages: dict[str, Page] = {}
    for src, source in sources.items():
        before = len(problems)
        fields = POST_FIELDS if is_post(src) else GUIDE_FIELDS if is_guide(src) else PAGE_FIELDS
        checker = Checker(source.rel, problems)
        meta = checker.mapping(source.meta, fields, source.meta.mark, "")
        guide = _guide(checker, source.meta, meta, procedures) if is_guide(src) and len(problems) == before else None
        check_unsafe_html(source, problems)
        check_links(source, src, files, anchors, problems)
        if len(problems) == before:
            pages[src] = Page(
                src=src,
                repo_path=source.rel,
                title=meta["title"],
                description=meta.get("description"),
                updated=meta.get("updated"),
                lang=meta.get("lang", "vi"),
                hide=tuple(meta.get("hide", ())),
                template=meta.get("template"),
                date=meta.get("date"),
                category=meta.get("category"),
                guide=guide,
                text=source.body,
            )
    return pages


def _guide(checker: Checker, data: Any, meta: dict[str, Any], procedures: frozenset[str]) -> Guide | None:
    """The poster must fit a billboard and the video must be one the page can load on a click."""
    assert isinstance(data, YamlMap)
    poster = data["poster"]
    steps = meta["poster"]["steps"]
    low, high = POSTER_STEPS
    if not low <= len(steps) <= high:
        checker.report(poster.value_mark("steps"), f"áp phích cần từ {low} đến {high} bước, đang có {len(steps)}")
    for index, step in enumerate(steps):
        if len(step) > POSTER_STEP_LENGTH:
            checker.report(
                poster["steps"].item_mark(index),
                f"bước {index + 1} của áp phích dài {len(step)} ký tự, tối đa {POSTER_STEP_LENGTH}",
            )
    title = meta["poster"].get("title")
    if title and len(title) > POSTER_TITLE_LENGTH:
        checker.report(
            poster.value_mark("title"), f"tiêu đề áp phích dài {len(title)} ký tự, tối đa {POSTER_TITLE_LENGTH}"
        )
    video = None
    if "video" in meta:
        match = YOUTUBE.match(meta["video"]["url"])
        if match is None:
            checker.report(
                data["video"].value_mark("url"), "video phải là địa chỉ YouTube dạng https://www.youtube.com/watch?v=…"
            )
        else:
            video = Video(meta["video"]["title"], match["id"])
    if not meta["procedures"]:
        checker.report(data.value_mark("procedures"), "hướng dẫn phải gắn với ít nhất một thủ tục")
    for index, slug in enumerate(meta["procedures"]):
        if slug not in procedures:
            close = difflib.get_close_matches(slug, sorted(procedures), n=1, cutoff=0.6)
            hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
            checker.report(data["procedures"].item_mark(index), f"không có thủ tục '{slug}' trong thu-tuc/{hint}")
    return Guide(tuple(meta["procedures"]), title, tuple(steps), video)
