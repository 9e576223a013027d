"""What the last build wrote into an output folder, so that a rebuild of unchanged input can skip.

The stamp lives in ``.cache/builds/`` (safe to delete) and names the fingerprint of the inputs
and the identity of the output folder (device, inode, modification time). Any build swaps in a
new folder or renames inside it, so a folder replaced or rebuilt since no longer matches.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

STAMP_DIR = Path(".cache") / "builds"


def _identity(out_dir: Path) -> list[int] | None:
    try:
        found = os.stat(out_dir)
    except OSError:
        return None
    return [found.st_dev, found.st_ino, found.st_mtime_ns]


def _path(root: Path, out_dir: Path) -> Path:
    return root / STAMP_DIR / (hashlib.sha256(str(out_dir).encode()).hexdigest()[:16] + ".json")


def unchanged(root: Path, out_dir: Path, fingerprint: str) -> Any | None:
    """The report saved with ``fingerprint`` when ``out_dir`` is still what that build left; else None."""
    try:
        saved = json.loads(_path(root, out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("fingerprint") != fingerprint or saved.get("output") != _identity(out_dir):
        return None
    return saved.get("report")


def save(root: Path, out_dir: Path, fingerprint: str, report: Any) -> None:
    """Remember a successful build of ``out_dir``."""
    path = _path(root, out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"fingerprint": fingerprint, "output": _identity(out_dir), "report": report}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
