"""Validation of content pages: front matter against its schema, then links and embedded HTML."""

from __future__ import annotations

from portal.load.frontmatter import MarkdownSource
from portal.model.page import PAGE_FIELDS, POST_FIELDS, Page, is_post
from portal.problems import Problems
from portal.validate.markdown import check_links, check_unsafe_html, heading_ids
from portal.validate.schema import Checker


def check_pages(sources: dict[str, MarkdownSource], files: set[str], problems: Problems) -> dict[str, Page]:
    """Validate every page; ``sources`` is keyed by the path inside the content folder."""
    anchors = {src: heading_ids(source) for src, source in sources.items()}
    pages: dict[str, Page] = {}
    for src, source in sources.items():
        before = len(problems)
        fields = POST_FIELDS if is_post(src) else PAGE_FIELDS
        meta = Checker(source.rel, problems).mapping(source.meta, fields, source.meta.mark, "")
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
            )
    return pages
