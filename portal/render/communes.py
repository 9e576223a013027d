"""What the commune sites add: contacts on each commune's home, the district's directory,
and, for a merged commune, its archive and the redirects to its successor."""

from __future__ import annotations

from jinja2 import Environment

from portal.model.site import Site
from portal.render.generated import GeneratedFile, Output

DIRECTORY_URL = "xa-thi-tran/"


def render_communes(site: Site, env: Environment, output: Output) -> None:
    if site.is_district and site.communes:
        current = [other for other in site.communes if other.successor is None]
        former = [other for other in site.communes if other.successor is not None]
        html = env.get_template("directory.html").render(
            site=site, origin=DIRECTORY_URL, current=current, former=former
        )
        output.appendices[DIRECTORY_URL] = html
    if site.commune is None:
        return
    home = env.get_template("commune-home.html").render(site=site, c=site.commune, origin="")
    output.appendices[""] = home + output.appendices.get("", "")
    if site.successor is not None:
        _redirects(site, env, output)


def _redirects(site: Site, env: Environment, output: Output) -> None:
    """Each section of a merged commune points to the same section of its successor."""
    successor = site.successor
    assert successor is not None
    template = env.get_template("redirect.html")
    sections = sorted({page.url for page in site.pages.values() if page.url and page.url.count("/") == 1})
    for url in sections:
        target = url if url in successor.page_urls else ""
        html = template.render(
            site=site,
            successor=successor,
            href=site.site_href(successor, url, target),
            canonical=site.network.absolute(successor.slug, target),
        )
        output.files.append(GeneratedFile(url + "index.html", html.encode("utf-8")))
