"""A fingerprint of everything a build reads, so that rebuilding unchanged input can do nothing.

It covers every file of the inputs (by content), the git commit (pages' "updated" dates come
from history), the generator's own code and the versions of the libraries that render.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

INPUTS = ("mkdocs.yml", "content", "communes", "legal-db", "theme")
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "pyyaml",
    "whoosh-reloaded",
    "segno",
    "numpy",
)
"""Every dependency whose version can change what a build writes (``watchdog`` only serves)."""
_CODE = Path(__file__).resolve().parents[1]


TEXTS = (".md", ".yml", ".yaml")
"""The inputs the load reads as text (``read_text``), which a fingerprint can keep for it."""


def fingerprint(root: Path, options: dict[str, str | None], texts: dict[str, bytes] | None = None) -> str:
    """The hash of the inputs below ``root`` and of the code that builds them with ``options``.

    The bytes of the inputs read as text go into ``texts`` (by path) when given: the load then
    reads each file once (0.19 s at 20,000 documents), and the records and settings it validates
    are those hashed (MkDocs still reads the pages' Markdown itself when it renders them).
    """
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    digest.update(_head(root).encode())
    for library in LIBRARIES:
        digest.update(f"{library}={_version(library)}\n".encode())
    for rel, path in _files(str(_CODE), ""):
        _add(digest, rel, path)
    for name in INPUTS:
        for rel, path in _files(os.path.join(root, name), name):
            _add(digest, rel, path, texts if texts is not None and path.endswith(TEXTS) else None)
    return digest.hexdigest()


def _files(path: str, rel: str) -> Iterator[tuple[str, str]]:
    """Each file below ``path`` in a stable order, with its name relative to the base as ``rel``
    names ``path``. Plain strings: 20,000 ``Path`` objects were a third of the fingerprint."""
    if os.path.isfile(path):
        yield rel, path
        return
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        inner = folder[len(path) :].lstrip(os.sep).replace(os.sep, "/")
        prefix = "/".join(part for part in (rel, inner) if part)
        for name in sorted(names):
            yield f"{prefix}/{name}" if prefix else name, os.path.join(folder, name)


def _add(digest: hashlib._Hash, rel: str, path: str, texts: dict[str, bytes] | None = None) -> None:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        digest.update(rel.encode() + b"\0unreadable")
        return
    if texts is not None:
        # As ``str`` of a ``Path`` names the file: ``content/a.md`` for a root ``.``, not ``./content/a.md``.
        texts[os.path.normpath(path)] = data
    digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())


def _head(root: Path) -> str:
    """The commit checked out, or nothing outside git."""
    try:
        found = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return ""
