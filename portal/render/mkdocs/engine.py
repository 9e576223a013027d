"""Running MkDocs on a validated site, with its log turned into located problems."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.theme import Theme

from portal.load.yamlsource import YamlMap
from portal.model.site import Site
from portal.problems import Problems
from portal.render.generated import Output
from portal.render.mkdocs.converters import reuse_converters
from portal.render.mkdocs.plugin import SHELLED, PortalPlugin
from portal.render.mkdocs.shells import fill_pages
from portal.render.templates import checked_once

_CONFIG_KEY = re.compile(r"Config value '([^']+)'")
_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_HIDDEN = re.compile(r"(^|/)\.")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_log() -> Iterator[list[logging.LogRecord]]:
    """Collect MkDocs' warnings and errors instead of letting them reach the console."""
    logger = logging.getLogger("mkdocs")
    handler = _Records()
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved


@contextmanager
def _source_date(site: Site) -> Iterator[None]:
    """Pin MkDocs' notion of 'now' to the content's newest date, so builds are reproducible."""
    newest = site.newest_update
    epoch = int(datetime.combine(newest, time(), UTC).timestamp()) if newest else 0
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _report(records: list[logging.LogRecord], rel: str, config: YamlMap | None, docs: str, problems: Problems) -> None:
    for record in records:
        message = record.getMessage().strip()
        key = _CONFIG_KEY.search(message)
        doc = _DOC_FILE.search(message)
        if doc:
            problems.add(f"{docs}/{doc.group(1)}", 1, 1, message)
        elif key and isinstance(config, YamlMap):
            mark = config.key_mark(key.group(1).split(".")[0])
            problems.add(rel, mark.line, mark.column, message)
        else:
            problems.add(rel, 1, 1, message)


def check_config(config_path: Path, rel: str, config: YamlMap | None, problems: Problems) -> None:
    """MkDocs' own validation of ``mkdocs.yml`` (theme, plugins, extensions), located by key."""
    with _captured_log() as records:
        try:
            load_config(str(config_path))
        except MkDocsException as error:
            if not records:
                problems.add(rel, 1, 1, str(error))
    _report(records, rel, config, "content", problems)


def _overrides(site: Site) -> dict[str, object]:
    """What a commune's site changes in the district's configuration; nothing else is copied."""
    # YAML records (procedures, statistics, a commune's commune.yml) are data, never published as files.
    overrides: dict[str, object] = {"site_url": site.settings.site_url, "exclude_docs": "*.yml\n*.yaml\n"}
    if site.commune is not None:
        overrides |= {
            "docs_dir": str(site.docs_dir),
            "site_name": site.settings.site_name,
            "nav": site.nav,
        }
    return overrides


def _without_builtin_search(config: MkDocsConfig) -> None:
    """Drop MkDocs' search plugin, which MkDocs adds even when ``mkdocs.yml`` names none: the portal
    has its own index (``search/``), and Material's would send every browser the whole of it."""
    for name in ("material/search", "search"):
        plugin = config.plugins.pop(name, None)
        if plugin is not None:
            for methods in config.plugins.events.values():
                methods[:] = [method for method in methods if getattr(method, "__self__", None) is not plugin]


class _ThemeLoader(jinja2.FileSystemLoader):
    """Lists the installed theme's folders once per process: Material ships thousands of icons,
    and MkDocs walks every theme folder for static files at each site's build. The project's own
    overrides (``custom_dir``) are walked every time, so the preview sees a file added there.

    Hidden paths (a part starting with a dot, as Material's ``.icons/``) are left out of the
    listing: MkDocs lists templates only to find static files, and its filter drops those
    anyway, one ``fnmatch`` each (14,000 icons, 30 ms per site). Templates still load them.
    """

    def __init__(self, dirs: list[str], custom_dir: str | None) -> None:
        super().__init__(dirs)
        self.custom_dir = custom_dir
        self.listed: dict[str, list[str]] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        """``SHELLED`` is built in: it renders nothing (the plugin writes those pages)."""
        if template == SHELLED:
            return "", None, lambda: True
        return super().get_source(environment, template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
            else:
                if folder not in self.listed:
                    names = jinja2.FileSystemLoader(folder).list_templates()
                    self.listed[folder] = [name for name in names if not _HIDDEN.search(name)]
                found.update(self.listed[folder])
        return sorted(found)


_THEME_ENVIRONMENTS: dict[tuple[object, ...], jinja2.Environment] = {}


def _share_theme_environment(theme: Theme) -> None:
    """Give every site rendered in this process one Jinja environment for the theme.

    MkDocs makes a new one per build, so the 18 sites of a district compiled Material's
    templates 18 times (0.3 s each). Templates are reloaded when their file changes (the
    preview edits them); the sites render one after another, so the globals each build's
    ``on_env`` sets are its own while it renders.
    """
    key = (tuple(theme.dirs), theme.custom_dir, str(theme.locale))
    env = _THEME_ENVIRONMENTS.get(key)
    if env is None:
        env = Theme.get_env(theme)
        env.loader = _ThemeLoader(theme.dirs, theme.custom_dir)
        env.auto_reload = True
        env.cache = {}  # as ``PortalEnvironment``'s: no LRU queue searched at each include
        _THEME_ENVIRONMENTS[key] = env
    theme.get_env = lambda: env  # type: ignore[method-assign]


def render(site: Site, output: Output, out_dir: Path, problems: Problems) -> None:
    """Build the site into ``out_dir``; warnings count as problems so nothing half-right ships."""
    rel = site.config_path.name
    with _captured_log() as records, _source_date(site):
        try:
            config: MkDocsConfig = load_config(str(site.config_path), site_dir=str(out_dir), **_overrides(site))
            _without_builtin_search(config)
            _share_theme_environment(config.theme)
            reuse_converters()
            plugin = config.plugins["portal"] = PortalPlugin(site, output)
            with checked_once(config.theme.get_env()):
                mkdocs_build(config)
        except MkDocsException as error:
            if not records:
                problems.add(rel, 1, 1, str(error))
    _report(records, rel, None, site.docs_dir.name, problems)
    if not problems:
        fill_pages(out_dir, site.settings.site_url, output.pages, plugin.shells)
