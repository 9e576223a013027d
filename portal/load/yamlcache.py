"""Parsed YAML records kept between builds: 20,000 records take seconds to parse, a blink to unpickle.

One file per records folder in ``.cache/yaml/``, keyed by each file's path and content, so an
edited file is parsed again and the others are not. Only clean parses are kept (a file with
problems is parsed, and reported, every time). Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from portal.files import replacing

CACHE_DIR = Path(".cache") / "yaml"
_CODE = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("yaml*.py")))
).hexdigest()


class ParsedRecords:
    """The cache of one folder of records; ``save`` keeps only what this build read."""

    def __init__(self, root: Path, base: Path) -> None:
        name = hashlib.sha256(str(base.resolve().relative_to(root.resolve())).encode()).hexdigest()[:16]
        self.path = root / CACHE_DIR / f"{name}.pickle"
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        try:
            with self.path.open("rb") as stream:
                code, known = pickle.load(stream)
            if code == _CODE:
                self.known = known
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            self.known = {}

    @staticmethod
    def key(rel: str, text: str) -> str:
        return hashlib.sha256(f"{rel}\0{text}".encode()).hexdigest()

    def get(self, key: str) -> Any:
        data = self.known.get(key)
        if data is not None:
            self.used[key] = data
        return data

    def put(self, key: str, data: Any) -> None:
        self.used[key] = data

    def save(self) -> None:
        if self.used.keys() == self.known.keys():
            return
        with replacing(self.path) as stream:
            pickle.dump((_CODE, self.used), stream, protocol=pickle.HIGHEST_PROTOCOL)
