"""Guides of the propaganda team: what their pages add, the guides index, and the printable views.

The leaflet and the poster are stand-alone pages beside the guide (``to-roi.html``,
``ap-phich.html``): they share its folder, so the images of the guide's content keep
working, and they carry their own print stylesheet so a saved copy prints the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import segno
from jinja2 import Environment

from portal.model.page import Page
from portal.model.procedure import Procedure
from portal.model.site import Site
from portal.render.generated import GeneratedFile, Output

LEAFLET = "to-roi.html"
POSTER = "ap-phich.html"
GUIDES_INDEX = "huong-dan/"

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_FIRST_H1 = re.compile(r"<h1[^>]*>.*?</h1>", re.S)


@lru_cache(maxsize=4096)
def qr_svg(address: str, label: str) -> str:
    """An inline SVG QR code of ``address``, sized by CSS, with an accessible name.

    Remembered: the leaflet and the poster of a guide, and guides teaching the same online
    service, show the same codes, and choosing a code's mask takes 10 ms.
    """
    code = segno.make(address, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=label)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def guide_procedures(site: Site, page: Page) -> list[Procedure]:
    assert page.guide is not None
    return [site.procedures_by_slug[slug] for slug in page.guide.procedures]


def render_guides(site: Site, env: Environment, output: Output) -> None:
    """The box under each guide (services, print views, video) and the list on the guides index."""
    box = env.get_template("guide-box.html")
    for page in site.guides:
        html = box.render(site=site, page=page, origin=page.url, procedures=guide_procedures(site, page))
        output.appendices[page.url] = html
        output.captures.add(page.url)
    if site.guides:
        html = env.get_template("guides.html").render(site=site, origin=GUIDES_INDEX, guides=site.guides)
        output.appendices[GUIDES_INDEX] = output.appendices.get(GUIDES_INDEX, "") + html


def render_print_views(site: Site, env: Environment, output: Output) -> None:
    """Leaflet and poster of each guide, from the guide's rendered content captured by the engine."""
    for page in site.guides:
        assert page.guide is not None
        content = _HEADERLINK.sub("", _FIRST_H1.sub("", output.captured[page.url], count=1))
        address = site.network.absolute(site.slug, page.url)
        services = [p for p in guide_procedures(site, page) if p.national_url][:2]
        context = {
            "site": site,
            "page": page,
            "content": content,
            "address": address,
            "short_address": address.split("://", 1)[-1].rstrip("/"),
            "guide_qr": qr_svg(address, f"Mã QR tới trang hướng dẫn: {address}"),
            "services": [
                (p, qr_svg(str(p.national_url), f"Mã QR tới dịch vụ trên Cổng Dịch vụ công quốc gia: {p.name}"))
                for p in services
            ],
            "sample": site.settings.sample_data,
        }
        for name, template in ((LEAFLET, "leaflet.html"), (POSTER, "poster.html")):
            html = env.get_template(template).render(context)
            output.files.append(GeneratedFile(page.url + name, html.encode("utf-8")))
