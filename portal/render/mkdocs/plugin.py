"""A MkDocs plugin that hands the validated model to the theme and adds generated content."""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as EnginePage

from portal.model.page import Page
from portal.model.site import Site
from portal.render.generated import Output
from portal.render.listings import attach, decorate
from portal.render.mkdocs.converters import announce
from portal.render.mkdocs.shells import (
    ARTICLE,
    DESCRIPTION,
    HEAD,
    SHELL_DIR,
    SKIP,
    TITLE,
    TOC,
    Shells,
    depth,
    download_name,
    readable,
    shell_url,
    stub_markdown,
    write_page,
)
from portal.vietnamese import long_date, short_date

MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Material's client for its own search: a worker and lunr's languages, fetched only by the search
box of Material's search plugin. The portal has its own search and no page mounts that box, so
they are not published (37 files and 1.2 MB per site). Each page's configuration still names the
worker: only that box reads the name."""

SHELLED = "_portal/shelled.html"
"""The template of a page filled into its shell: it renders nothing, the plugin writes the page."""

_SKIP = (
    '{% if page.toc | first is defined %}{% set skip = page.toc | first %}\n<a href="{{ skip.url | url }}"'
    ' class="md-skip">\n{{ lang.t("action.skip") }}\n</a>{% endif %}'
)
"""Material's skip link (``base.html``), the one part of a shelled page outside a partial."""

_log = logging.getLogger("mkdocs.plugins.portal")


class PortalPlugin(BasePlugin):
    """Inserted by the adapter (not listed in ``mkdocs.yml``) with the site it renders."""

    def __init__(self, site: Site, output: Output) -> None:
        super().__init__()
        self.site = site
        self.output = output
        self.shells: dict[int, Shells] = {}
        """The shell of each depth, for ``fill_pages`` and for the content pages filled here."""
        self._shelled: set[str] = set()
        """The content pages filled into a shell (``_plain``, off the navigation), by source."""
        self._announcing = False
        """Whether the text ``on_page_markdown`` returns is the one MkDocs converts (``announce``)."""
        self._checked: dict[int, bool] = {}
        """Depths whose first shelled page read as Material renders it (True) or not (False)."""
        self._contexts: dict[int, dict[str, Any]] = {}
        self._filled: dict[str, bytes | str] = {}
        self._env: Environment | None = None
        self._chrome: dict[str, Any] = {}
        self._skip: Template | None = None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """One placeholder page per depth of the generated and the shelled pages (see ``shells``),
        built first so that pages after them are filled; no ``MATERIAL_SEARCH``."""
        for file in [file for file in files if file.src_uri.startswith(MATERIAL_SEARCH)]:
            files.remove(file)
        for page in self.site.pages.values():
            if page.generated and page.src not in files.src_uris:
                files.append(File.generated(config, page.src, content=f"---\ntitle: {page.title}\n---\n"))
        levels = {depth(page.url) for page in self.output.pages}
        levels |= {depth(page.url) for page in self.site.pages.values() if _plain(page)}
        stubs = [File.generated(config, shell_url(level) + "index.md", content=stub_markdown()) for level in levels]
        return Files(sorted(stubs, key=lambda file: file.src_uri) + list(files))

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._announcing = self._last_to_edit(config)
        if self._alone(config):
            in_nav = {page.file.src_uri for page in nav.pages}
            self._shelled = {src for src, page in self.site.pages.items() if _plain(page) and src not in in_nav}
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["portal"] = self.site
        env.filters["long_date"] = long_date
        env.filters["short_date"] = short_date
        self._env = env
        self._skip = env.from_string(_SKIP)
        return env

    def on_page_markdown(self, markdown: str, /, *, page: EnginePage, config: MkDocsConfig, files: Files) -> str:
        text = self._markdown(markdown, page)
        if self._announcing:
            announce(text)
        return text

    def _markdown(self, markdown: str, page: EnginePage) -> str:
        model = self.site.pages.get(page.file.src_uri)
        if model is None:
            return markdown
        if model.url == "" and "template" not in page.meta:
            page.meta["template"] = "home.html"  # every site's home gets the agency banner
        elif page.file.src_uri in self._shelled:
            page.meta["template"] = SHELLED
        updated = model.updated or self.site.newest_update
        if updated:
            page.update_date = updated.isoformat()
        return decorate(markdown, self.output.appendices.get(model.url))

    def on_page_content(self, html: str, /, *, page: EnginePage, config: MkDocsConfig, files: Files) -> str:
        url = page.file.dest_uri.removesuffix("index.html")
        model = self.site.pages.get(page.file.src_uri)
        if model is not None:
            html = attach(html, model, self.output.appendices.get(model.url))
        if url in self.output.captures:
            self.output.captured[url] = html
        return html

    def on_page_context(
        self, context: dict[str, Any], /, *, page: EnginePage, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        context["portal_page"] = self.site.pages.get(page.file.src_uri)
        if page.file.src_uri.startswith(SHELL_DIR + "/"):
            self._contexts[depth(page.url)] = context
        elif page.file.src_uri in self._shelled:
            self._filled[page.file.src_uri] = self._fill(page, context)
        return context

    def on_post_page(self, output: str, /, *, page: EnginePage, config: MkDocsConfig) -> str:
        """A placeholder page is kept as its depth's shell, not written; a shelled page is written
        as filled (bytes) or as Material rendered it (text)."""
        if page.file.src_uri.startswith(SHELL_DIR + "/"):
            context = self._contexts.pop(depth(page.url))
            toc, article = self._regions(context)
            shells = Shells.parse(output, page.canonical_url or "", download_name(page.url), toc, article)
            if shells.leaks and not any(other.leaks for other in self.shells.values()):  # once a site
                _log.warning(
                    "giao diện (theme/) in địa chỉ của trang ngoài thẻ canonical và nút lưu trang: các trang "
                    f"văn bản, thủ tục sẽ mang địa chỉ của trang mẫu {SHELL_DIR}/; hãy bỏ phần đó khỏi giao diện"
                )
            self.shells[depth(page.url)] = shells
            return ""
        filled = self._filled.pop(page.file.src_uri, None)
        if isinstance(filled, bytes):
            write_page(page.file.abs_dest_path, filled)
            return ""
        return output if filled is None else filled

    def _fill(self, page: EnginePage, context: dict[str, Any]) -> bytes | str:
        """The page in its depth's shell, or Material's whole template when it has none.

        The first page of each depth is also rendered by Material's template and compared: a theme
        may show more of a page than the shell fills (a partial reading what only ``base.html``
        sets, the page's date in the head), and then that depth keeps Material's template.
        """
        level = depth(page.url)
        shells = self.shells.get(level)
        description = page.meta.get("description") or context["config"].site_description
        assert self._skip is not None
        if shells is None or shells.markdown is None or not description or self._checked.get(level) is False:
            return self._material(context)
        toc, article = self._regions(context)
        values = {
            TITLE: str(page.meta["title"]),
            DESCRIPTION: str(description),
            HEAD: "",
            shells.canonical: page.canonical_url or "",
            SKIP: self._skip.render(context | self._chrome),
            TOC: toc,
            ARTICLE: article,
        }
        filled = shells.markdown.fill(values)
        if level not in self._checked:
            rendered = self._material(context)
            self._checked[level] = readable(filled.decode(), page.url) == readable(rendered, page.url)
            if not self._checked[level]:
                return rendered
        return filled

    def _material(self, context: dict[str, Any]) -> str:
        """The page as Material's whole template renders it."""
        assert self._env is not None
        return self._env.get_template("main.html").render(context)

    def _regions(self, context: dict[str, Any]) -> tuple[str, str]:
        """The table of contents and the article, rendered by the theme's own partials with what
        ``base.html`` gives them."""
        assert self._env is not None
        if not self._chrome:
            language = self._env.get_template("partials/language.html").make_module(context)
            self._chrome = {"lang": language, "features": context["config"].theme.get("features") or []}
        context = context | self._chrome
        toc = self._env.get_template("partials/toc.html").render(context)
        return toc, self._env.get_template("partials/content.html").render(context)

    def _last_to_edit(self, config: MkDocsConfig) -> bool:
        """What this returns from ``on_page_markdown`` is the text MkDocs converts: no plugin after it."""
        handlers = config.plugins.events["page_markdown"]
        return bool(handlers) and getattr(handlers[-1], "__self__", None) is self

    def _alone(self, config: MkDocsConfig) -> bool:
        """No other plugin takes part in rendering pages: a shelled page never reaches them."""
        return all(
            getattr(method, "__self__", None) is self
            for event in ("page_context", "post_page")
            for method in config.plugins.events[event]
        )


def _plain(page: Page) -> bool:
    """A content page the theme shows like any other at its depth once it is off the navigation:
    no template, nothing hidden, Vietnamese (the article of another language is wrapped)."""
    return page.url != "" and page.template is None and not page.hide and page.lang == "vi"
