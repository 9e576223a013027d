"""The search results page of each site; the search itself runs in the browser on ``search/``."""

from __future__ import annotations

from jinja2 import Environment

from portal.model.site import Site
from portal.render.generated import GeneratedPage, Output

SEARCH_URL = "tim-kiem/"
DOCUMENTS_URL = "van-ban/"


def documents_href(site: Site, origin: str) -> str:
    """Where a search goes without JavaScript: the documents index of the portal (of this site, when alone)."""
    home = site if site.network.standalone or site.district is None else site.district
    return site.site_href(home, origin, DOCUMENTS_URL)


def render_search(site: Site, env: Environment, output: Output) -> None:
    """``tim-kiem/`` on every site, so a citizen stays in the site they came from; results span the portal."""
    updated = site.newest_update  # the index is as new as the newest content
    body = env.get_template("search.html").render(
        site=site, documents=documents_href(site, SEARCH_URL), updated=updated
    )
    output.pages.append(
        GeneratedPage(
            url=SEARCH_URL,
            title="Tìm kiếm",
            description=f"Tìm tin bài, văn bản, thủ tục và hướng dẫn trên toàn cổng thông tin {site.label}.",
            body=body,
            updated=updated,
        )
    )
