"""Jinja templates checked against their files once per site, not at every look-up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jinja2 import Environment


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
