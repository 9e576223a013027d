"""The portal as a whole: its sites, how they derive from the district's settings, how they link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.model.commune import Commune
from portal.model.network import Network
from portal.model.settings import Agency, Responsible, Settings
from portal.model.site import Site
from portal.problems import UsageError

DEFAULT_NAV = (
    ("Trang chủ", "index.md"),
    ("Giới thiệu", "gioi-thieu.md"),
    ("Tin tức", "tin-tuc/index.md"),
    ("Văn bản", "van-ban/index.md"),
    ("Thủ tục hành chính", "thu-tuc/index.md"),
    ("Hướng dẫn", "huong-dan/index.md"),
    ("Thống kê", "thong-ke/index.md"),
    ("Liên hệ", "lien-he.md"),
)


@dataclass
class Portal:
    """The validated portal: the district's site first, then the communes'."""

    root: Path
    as_of: date
    sites: list[Site]

    def site(self, slug: str) -> Site:
        for site in self.sites:
            if site.slug == slug:
                return site
        known = ", ".join(site.slug for site in self.sites)
        raise UsageError(f"không có đơn vị '{slug}'; các đơn vị: {known}")


def agency_name(commune: Commune) -> str:
    return f"Ủy ban nhân dân {commune.title}"


def build_network(settings: Settings, communes: list[Commune], standalone: str | None, base_url: str | None) -> Network:
    prefixes = {settings.slug: ""} | {commune.slug: commune.slug + "/" for commune in communes}
    public = {settings.slug: settings.site_url}
    public |= {commune.slug: commune.site_url or settings.site_url + commune.slug + "/" for commune in communes}
    public = {slug: url if url.endswith("/") else url + "/" for slug, url in public.items()}
    if standalone is not None:
        if standalone not in prefixes:
            known = ", ".join(prefixes)
            raise UsageError(f"không có đơn vị '{standalone}'; các đơn vị: {known}")
        if base_url:
            public[standalone] = base_url if base_url.endswith("/") else base_url + "/"
    return Network(prefixes, public, standalone)


def with_url(settings: Settings, url: str) -> Settings:
    return Settings(**{**settings.__dict__, "site_url": url})


def commune_settings(commune: Commune, district: Settings, url: str) -> Settings:
    """A commune inherits the district's settings; only its identity and contacts differ."""
    unit = district.agency.name.removeprefix("Ủy ban nhân dân ")
    parent = (
        f"{unit}, {district.agency.parent[0].lower()}{district.agency.parent[1:]}" if district.agency.parent else unit
    )
    responsible = commune.responsible
    return Settings(
        site_name=f"Cổng thông tin điện tử {commune.title}",
        site_url=url,
        slug=commune.slug,
        agency=Agency(
            name=agency_name(commune),
            name_en=f"People's Committee of {commune.name_en}",
            address=commune.address,
            phone=commune.phone,
            email=commune.email,
            parent=parent[0].upper() + parent[1:],
            hours=district.agency.hours,
        ),
        responsible=Responsible(responsible.name, responsible.position) if responsible else district.responsible,
        sample_data=district.sample_data,
        max_attachment_mb=district.max_attachment_mb,
    )


def default_nav(site: Site) -> list[dict[str, str]]:
    """A commune without its own ``nav``: the usual sections in the usual order, then its other pages."""
    nav = [{title: src} for title, src in DEFAULT_NAV if src in site.pages]
    known = {src for _, src in DEFAULT_NAV}
    others = sorted(
        (page for page in site.pages.values() if not page.is_post and page.src not in known and "/" not in page.src),
        key=lambda page: page.src,
    )
    return nav + [{page.title: page.src} for page in others]
