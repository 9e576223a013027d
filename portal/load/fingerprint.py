"""A fingerprint of everything a build reads, so that rebuilding unchanged input can do nothing.

It covers every file of the inputs (by content), the git commit (pages' "updated" dates come
from history), the generator's own code and the versions of the libraries that render.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from importlib import metadata
from pathlib import Path

INPUTS = ("mkdocs.yml", "content", "communes", "legal-db", "theme")
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml", "whoosh-reloaded")
_CODE = Path(__file__).resolve().parents[1]


def fingerprint(root: Path, options: dict[str, str | None]) -> str:
    """The hash of the inputs below ``root`` and of the code that builds them with ``options``."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    digest.update(_head(root).encode())
    for library in LIBRARIES:
        digest.update(f"{library}={_version(library)}\n".encode())
    for path in _files(_CODE):
        _add(digest, _CODE, path)
    for name in INPUTS:
        for path in _files(root / name):
            _add(digest, root, path)
    return digest.hexdigest()


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    found = []
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        found.extend(Path(folder) / name for name in sorted(names))
    return found


def _add(digest: hashlib._Hash, base: Path, path: Path) -> None:
    try:
        content = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        content = b"unreadable"
    digest.update(path.relative_to(base).as_posix().encode() + b"\0" + content)


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
