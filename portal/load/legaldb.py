"""Reading the legal-documents database: one YAML record per document, attachments beside it."""

from __future__ import annotations

from pathlib import Path

from portal.load.records import Record, read_yaml_records
from portal.problems import Problems

LEGAL_DB_DIR = "legal-db"


def read_records(root: Path, problems: Problems) -> list[Record]:
    """Every ``*.yml`` below ``legal-db/``, in a stable order."""
    return read_yaml_records(root / LEGAL_DB_DIR, root, problems, "một văn bản")
