"""One site of the portal: its settings and its pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from portal.model.document import Document
from portal.model.page import Page
from portal.model.settings import Settings
from portal.model.urls import relative_url


@dataclass
class Site:
    """Everything the render stage needs to produce one site, already validated."""

    root: Path
    config_path: Path
    docs_dir: Path
    settings: Settings
    as_of: date
    pages: dict[str, Page] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    all_documents: list[Document] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    """Path of every site of the portal from the portal's root (the district's is empty)."""

    @property
    def slug(self) -> str:
        return self.settings.slug

    @property
    def page_urls(self) -> set[str]:
        return {page.url for page in self.pages.values()}

    @property
    def portal_url(self) -> str:
        """Public address of the portal's root, from which every site's address derives."""
        own = self.prefixes.get(self.slug, "")
        return self.settings.site_url[: len(self.settings.site_url) - len(own)] if own else self.settings.site_url

    def absolute_url(self, document: Document) -> str:
        return self.portal_url + self.prefixes.get(document.site, "") + document.url

    def document_href(self, document: Document, origin: str) -> str:
        """Relative link from the page at ``origin`` of this site to a document on any site."""
        own = self.prefixes.get(self.slug, "")
        return relative_url(self.prefixes.get(document.site, "") + document.url, own + origin)

    @property
    def posts(self) -> list[Page]:
        """News posts, newest first; ties broken by path so the order is stable."""
        posts = [page for page in self.pages.values() if page.is_post]
        return sorted(posts, key=lambda page: (page.date or date.min, page.src), reverse=True)

    @property
    def newest_update(self) -> date | None:
        """The latest date any page was updated: the site's own 'last modified'."""
        dates = [page.updated for page in self.pages.values() if page.updated]
        return max(dates) if dates else None
