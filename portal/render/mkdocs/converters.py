"""The Markdown converters MkDocs uses for pages: reused from page to page and from site to site,
and without the patterns a page's text cannot trigger."""

from __future__ import annotations

import markdown
from mkdocs.structure import pages

from portal.render.markdown import Idle, page_idle, prunable, without

_NOTHING: Idle = (frozenset(), frozenset())
_CONVERTERS: list[tuple[list[object], dict[str, dict[str, object]], Idle, markdown.Markdown]] = []
_announced: list[str] = []
"""The Markdown MkDocs converts next, as the plugin's ``on_page_markdown`` returned it."""


class _PageMarkdown(markdown.Markdown):
    """A converter without the patterns and processors ``idle``, for texts none of them can match."""

    idle: Idle = _NOTHING

    def convert(self, source: str) -> str:
        idle = page_idle(source) if self.idle != _NOTHING else _NOTHING
        if not (self.idle[0] <= idle[0] and self.idle[1] <= idle[1]):
            # Only if MkDocs converted another text than the page the plugin saw last.
            raise RuntimeError("bộ chuyển Markdown được chọn cho một trang khác với trang đang chuyển")
        return super().convert(source)


def announce(text: str) -> None:
    """Tell the next converter the Markdown it converts: MkDocs makes it right after the page's
    ``on_page_markdown`` and converts ``page.markdown``, the value the plugins returned."""
    _announced[:] = [text]


def _reused_markdown(*, extensions: list[object], extension_configs: dict[str, dict[str, object]]) -> markdown.Markdown:
    """``markdown.Markdown`` as MkDocs calls it for each page: the converter of an equal
    configuration, reset, instead of a new one, without what the announced text cannot trigger.

    Loading the extensions took 0.85 ms a page under the profiler, 40 % of converting a news post.
    Python-Markdown documents ``reset()`` for reuse, and MkDocs registers its own processors on
    each page again, under the same names, which replaces the previous page's. Patterns and
    processors that cannot match were another 40 % of converting the pages (``page_idle``).
    """
    text = _announced.pop() if _announced else None
    idle = page_idle(text) if text is not None and prunable(extensions) else _NOTHING
    for known, configs, pruned, converter in _CONVERTERS:
        if pruned == idle and known == extensions and configs == extension_configs:
            return converter.reset()
    converter = _PageMarkdown(extensions=extensions, extension_configs=extension_configs)
    converter.idle = idle
    without(converter, idle)
    copied = {name: dict(value) for name, value in extension_configs.items()}
    _CONVERTERS.append((list(extensions), copied, idle, converter))
    return converter


def reuse_converters() -> None:
    """Point MkDocs' pages module at ``_reused_markdown``; everything else it reads of ``markdown`` stays.
    A text announced by a build that never converted it is forgotten."""
    _announced.clear()
    module = type(markdown)("markdown")
    module.__dict__.update(vars(markdown))
    module.Markdown = _reused_markdown  # type: ignore[attr-defined]
    pages.markdown = module  # type: ignore[attr-defined]
