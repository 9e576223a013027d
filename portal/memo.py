"""Values kept between builds in one pickle, keyed by what they were made from.

A memo keeps what the last build used, under the version of the code that made it: values
made by other code are never reused, and keys this build did not ask for are dropped when it
saves. Deleting or corrupting the file is always safe: everything is made again.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from portal.files import replacing


class Memo:
    """One cache file: ``get`` what the last build kept, ``put`` what this one made, then ``save``."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        try:
            with path.open("rb") as stream:
                saved, known = pickle.load(stream)
            if saved == version:
                self.known = known
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            self.known = {}

    def get(self, key: str) -> Any:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Written only when this build used other keys than the last one."""
        if self.used.keys() != self.known.keys():
            with replacing(self.path) as stream:
                pickle.dump((self.version, self.used), stream, protocol=pickle.HIGHEST_PROTOCOL)
