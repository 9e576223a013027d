"""Jinja for the portal's own templates: an environment that copies its globals cheaply, and
templates checked against their files once per site, not at every look-up."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment


class PortalEnvironment(Environment):
    """Jinja without two of its defaults' costs, which every render and every include pays (98,000
    of them at 20,000 documents):

    - A template's globals are a plain dict, made when it loads, not a ``ChainMap`` over the
      environment's: each new context copies them, and copying a ``ChainMap`` runs in Python (5 µs
      against 1). The portal sets its environment's globals before loading any template.
    - Loaded templates are kept in a dict, not in an LRU cache that takes a lock and searches its
      queue at each look-up: a theme has a few dozen templates.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(cache_size=-1, **options)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@contextmanager
def checked_once(env: Environment) -> Iterator[None]:
    """Render with ``env``'s templates as their files are now, without Jinja's check at each look-up.

    The environments live as long as the process, so the preview reloads a template its editor
    changed (``auto_reload``). But Jinja then reads the file's date for every template and every
    include of every page: 4 % of the CPU of rendering the communes. Stale templates are dropped
    once, on entry, and not looked at again until the block ends.
    """
    if env.cache is not None:
        for key, template in list(env.cache.items()):
            if not template.is_up_to_date:
                del env.cache[key]
    saved, env.auto_reload = env.auto_reload, False
    try:
        yield
    finally:
        env.auto_reload = saved
