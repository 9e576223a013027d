"""A MkDocs plugin that hands the validated model to the theme and adds generated content."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as EnginePage

from portal.model.site import Site
from portal.render.generated import Output
from portal.render.listings import attach, decorate
from portal.render.mkdocs.shells import depth, shell_url, stub_markdown
from portal.vietnamese import long_date, short_date

MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Material's client for its own search: a worker and lunr's languages, fetched only by the search
box of Material's search plugin. The portal has its own search and no page mounts that box, so
they are not published (37 files and 1.2 MB per site). Each page's configuration still names the
worker: only that box reads the name."""


class PortalPlugin(BasePlugin):
    """Inserted by the adapter (not listed in ``mkdocs.yml``) with the site it renders."""

    def __init__(self, site: Site, output: Output) -> None:
        super().__init__()
        self.site = site
        self.output = output

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """One placeholder page per depth of the generated pages (see ``shells``); no ``MATERIAL_SEARCH``."""
        for file in [file for file in files if file.src_uri.startswith(MATERIAL_SEARCH)]:
            files.remove(file)
        for level in sorted({depth(page.url) for page in self.output.pages}):
            files.append(File.generated(config, shell_url(level) + "index.md", content=stub_markdown()))
        for page in self.site.pages.values():
            if page.generated and page.src not in files.src_uris:
                files.append(File.generated(config, page.src, content=f"---\ntitle: {page.title}\n---\n"))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["portal"] = self.site
        env.filters["long_date"] = long_date
        env.filters["short_date"] = short_date
        return env

    def on_page_markdown(self, markdown: str, /, *, page: EnginePage, config: MkDocsConfig, files: Files) -> str:
        model = self.site.pages.get(page.file.src_uri)
        if model is None:
            return markdown
        if model.url == "" and "template" not in page.meta:
            page.meta["template"] = "home.html"  # every site's home gets the agency banner
        updated = model.updated or self.site.newest_update
        if updated:
            page.update_date = updated.isoformat()
        return decorate(model, markdown, self.output.appendices.get(model.url))

    def on_page_content(self, html: str, /, *, page: EnginePage, config: MkDocsConfig, files: Files) -> str:
        url = page.file.dest_uri.removesuffix("index.html")
        model = self.site.pages.get(page.file.src_uri)
        if model is not None:
            html = attach(html, self.output.appendices.get(model.url))
        if url in self.output.captures:
            self.output.captured[url] = html
        return html

    def on_page_context(
        self, context: dict[str, Any], /, *, page: EnginePage, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        context["portal_page"] = self.site.pages.get(page.file.src_uri)
        return context
