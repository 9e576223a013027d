"""Parsed YAML records kept between builds: 20,000 records take seconds to parse, a blink to unpickle.

One file per records folder in ``.cache/yaml/``, keyed by each file's path and content, so an
edited file is parsed again and the others are not. Only clean parses are kept (a file with
problems is parsed, and reported, every time). Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from portal.memo import Memo

CACHE_DIR = Path(".cache") / "yaml"
_CODE = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("yaml*.py")))
).hexdigest()


class ParsedRecords(Memo):
    """The cache of one folder of records; ``save`` keeps only what this build read."""

    def __init__(self, root: Path, base: Path) -> None:
        name = hashlib.sha256(str(base.resolve().relative_to(root.resolve())).encode()).hexdigest()[:16]
        super().__init__(root / CACHE_DIR / f"{name}.pickle", _CODE)

    @staticmethod
    def key(rel: str, text: str) -> str:
        return hashlib.sha256(f"{rel}\0{text}".encode()).hexdigest()
