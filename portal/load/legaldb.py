"""Reading the legal-documents database: one YAML record per document, attachments beside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.load.sources import read_text, relative
from portal.load.yamlsource import parse_yaml
from portal.problems import Problems

LEGAL_DB_DIR = "legal-db"


@dataclass
class Record:
    """One YAML record as read, before validation."""

    path: Path
    rel: str
    data: Any


def read_records(root: Path, problems: Problems) -> list[Record]:
    """Every ``*.yml`` below ``legal-db/``, in a stable order."""
    base = root / LEGAL_DB_DIR
    records: list[Record] = []
    if not base.is_dir():
        return records
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.endswith((".yml", ".yaml")):
                continue
            path = Path(folder) / name
            rel = relative(path, root)
            text = read_text(path, rel, problems)
            if text is None:
                continue
            before = len(problems)
            data = parse_yaml(text, rel, problems)
            if data is None and len(problems) == before:
                problems.add(rel, 1, 1, "tệp trống: mỗi tệp YAML trong legal-db là một văn bản")
            if data is not None:
                records.append(Record(path, rel, data))
    return records
