"""Reading folders of YAML records (documents, procedures): one record per file, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.load.sources import read_text, relative
from portal.load.yamlcache import ParsedRecords
from portal.load.yamlsource import parse_yaml
from portal.problems import Problems


@dataclass
class Record:
    """One YAML record as read, before validation."""

    path: Path
    rel: str
    data: Any


def record_paths(base: Path, recursive: bool = True) -> Iterator[Path]:
    """Every ``*.yml`` or ``*.yaml`` record below ``base`` (only directly in it unless ``recursive``),
    in a stable order; hidden files and folders are not records."""
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(name for name in dirs if not name.startswith(".")) if recursive else []
        for name in sorted(names):
            if not name.startswith(".") and name.endswith((".yml", ".yaml")):
                yield Path(folder) / name


def read_yaml_records(
    base: Path,
    root: Path,
    problems: Problems,
    what: str,
    recursive: bool = True,
    writes: list[Callable[[], None]] | None = None,
) -> list[Record]:
    """Every ``*.yml`` below ``base`` (only directly in it unless ``recursive``); ``what`` names a record.

    The parse cache is saved at once, or appended to ``writes`` for the caller to run later.
    """
    records: list[Record] = []
    if not base.is_dir():
        return records
    cache = ParsedRecords(root, base)
    for path in record_paths(base, recursive):
        rel = relative(path, root)
        text = read_text(path, rel, problems)
        if text is None:
            continue
        key = cache.key(rel, text)
        data = cache.get(key)
        if data is None:
            before = len(problems)
            data = parse_yaml(text, rel, problems)
            if data is None and len(problems) == before:
                problems.add(rel, 1, 1, f"tệp trống: mỗi tệp YAML ở {relative(base, root)}/ là {what}")
            if data is not None and len(problems) == before:
                cache.put(key, data)
        if data is not None:
            records.append(Record(path, rel, data))
    if writes is None:
        cache.save()
    else:
        writes.append(cache.save)
    return records
