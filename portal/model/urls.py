"""Relative URLs between pages, so a built site works under any sub-path."""

from __future__ import annotations

import posixpath


def relative_url(target: str, origin: str) -> str:
    """URL of ``target`` as seen from the page at ``origin`` (both site-relative, directory style)."""
    base = origin if origin.endswith("/") or not origin else posixpath.dirname(origin) + "/"
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        path = path.rstrip("/") + "/"
    return "./" if path in ("./", "") else path
