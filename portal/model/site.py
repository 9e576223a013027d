"""One site of the portal (the district's or a commune's): its settings, pages and documents."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from portal.model.commune import Commune
from portal.model.document import Document
from portal.model.network import Network
from portal.model.page import Page
from portal.model.procedure import Procedure
from portal.model.settings import Settings
from portal.model.statistics import MonthRow


@dataclass
class Site:
    """Everything the render stage needs to produce one site, already validated."""

    root: Path
    config_path: Path
    docs_dir: Path
    settings: Settings
    as_of: date
    network: Network
    pages: dict[str, Page] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    all_documents: list[Document] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    """The procedures this site publishes: all on the district's, the commune-level ones on a commune's."""
    all_procedures: list[Procedure] = field(default_factory=list)
    statistics: list[MonthRow] = field(default_factory=list)
    """Applications per month received by this site (by every site, on the district's)."""
    statistics_sample: bool = False
    commune: Commune | None = None
    """None for the district's own site."""
    nav: Any = None
    """The commune's navigation, when it differs from the district's."""
    district: Site | None = None
    communes: list[Site] = field(default_factory=list)
    """Every commune site of the portal (on every site, for cross-links)."""

    @property
    def slug(self) -> str:
        return self.settings.slug

    @property
    def is_district(self) -> bool:
        return self.commune is None

    # Derived once per build: pages are complete before anything renders (see pipeline.load_portal).
    @cached_property
    def posts(self) -> list[Page]:
        """News posts, newest first; ties broken by path so the order is stable."""
        posts = [page for page in self.pages.values() if page.is_post]
        return sorted(posts, key=lambda page: (page.date or date.min, page.src), reverse=True)

    @cached_property
    def newest_update(self) -> date | None:
        """The latest date any page was updated: the site's own 'last modified'."""
        dates = [page.updated for page in self.pages.values() if page.updated]
        return max(dates) if dates else None

    @cached_property
    def page_urls(self) -> set[str]:
        return {page.url for page in self.pages.values()}

    @property
    def successor(self) -> Site | None:
        """The site a merged commune now belongs to."""
        if self.commune is None or not self.commune.merged_into:
            return None
        return next((site for site in self.communes if site.slug == self.commune.merged_into), None)

    @property
    def siblings(self) -> list[Site]:
        """The other current communes, for the links between commune sites."""
        return [site for site in self.communes if site is not self and site.successor is None]

    @property
    def merged_since(self) -> date | None:
        """First day the commune belongs to its successor."""
        if self.successor is None or self.commune is None or self.commune.valid_to is None:
            return None
        return self.commune.valid_to + timedelta(days=1)

    @cached_property
    def guides(self) -> list[Page]:
        """The guides published on this site, by title."""
        return sorted((page for page in self.pages.values() if page.guide), key=lambda page: (page.title, page.src))

    @property
    def label(self) -> str:
        """How results, reports and tables name the site: ``Xã Tam Hải``, or the district's agency."""
        return self.commune.heading if self.commune else self.settings.agency.name

    @cached_property
    def procedure_slugs(self) -> frozenset[str]:
        return frozenset(procedure.slug for procedure in self.procedures)

    @cached_property
    def procedures_by_slug(self) -> dict[str, Procedure]:
        """Every procedure of the portal, for links from guides and statistics."""
        return {procedure.slug: procedure for procedure in self.all_procedures}

    def procedure_href(self, procedure: Procedure, origin: str) -> str:
        """This site's page of the procedure, else the district's."""
        if procedure.slug in self.procedure_slugs:
            return self.network.href(self.slug, origin, self.slug, procedure.url)
        assert self.district is not None
        return self.network.href(self.slug, origin, self.district.slug, procedure.url)

    def absolute_url(self, document: Document) -> str:
        return self.network.absolute(document.site, document.url)

    def document_href(self, document: Document, origin: str) -> str:
        """Link from the page at ``origin`` of this site to a document on any site."""
        return self.network.href(self.slug, origin, document.site, document.url)

    def site_href(self, other: Site, origin: str, url: str = "") -> str:
        """Link from the page at ``origin`` of this site to ``url`` of another site."""
        return self.network.href(self.slug, origin, other.slug, url)

    @property
    def badge(self) -> str:
        """The short name a search result carries: ``Xã Tam Hải``, ``Huyện Núi Thành``."""
        if self.commune:
            return self.commune.heading
        name = self.settings.agency.name.removeprefix("Ủy ban nhân dân ").removeprefix("UBND ")
        return name[0].upper() + name[1:]

    def search_root(self, base_url: str) -> str:
        """From a theme template, the folder holding ``search/``: the portal's root, or this
        site's own root when it is built alone for its own domain."""
        own = 0 if self.network.standalone else self.network.prefixes[self.slug].count("/")
        return _folder(base_url, own)

    def root_href(self, other: Site, base_url: str) -> str:
        """Link to another site's home from a theme template, given MkDocs' ``base_url``."""
        if self.network.standalone:
            return self.network.public[other.slug]
        return _folder(base_url, self.network.prefixes[self.slug].count("/"), self.network.prefixes[other.slug])


def _folder(base_url: str, up: int, then: str = "") -> str:
    """``base_url`` (relative, or absolute on 404 pages), ``up`` levels higher, then down ``then``."""
    path = posixpath.normpath(posixpath.join(base_url or ".", *[".."] * up, then))
    return "./" if path == "." else path.rstrip("/") + "/"


def link_guides(procedures: list[Procedure], sites: list[Site]) -> None:
    """Tell each procedure which guides teach it, so its page and the coverage page can say so."""
    by_slug = {procedure.slug: procedure for procedure in procedures}
    for site in sites:
        for page in site.pages.values():
            if page.guide is not None:
                for slug in page.guide.procedures:
                    by_slug[slug].guides.append((site.slug, page.url, page.title))
