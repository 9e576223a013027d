"""Reading the legal-documents database: one YAML record per document, attachments beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from portal.load.records import Record, read_yaml_records
from portal.problems import Problems

LEGAL_DB_DIR = "legal-db"


def read_records(root: Path, problems: Problems, writes: list[Callable[[], None]] | None = None) -> list[Record]:
    """Every ``*.yml`` below ``legal-db/``, in a stable order (``writes``: see ``read_yaml_records``)."""
    return read_yaml_records(root / LEGAL_DB_DIR, root, problems, "một văn bản", writes=writes)
