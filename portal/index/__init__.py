"""Stage 5: the portal-wide search index: entries analysed (Whoosh's analysis), scored and exported as static shards."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from portal.index.entries import entries
from portal.index.export import ExportReport, export
from portal.index.vectors import update
from portal.model.portal import Portal

CACHE_DIR = Path(".cache") / "search"
OUTPUT_DIR = "search"


def build_index(portal: Portal, search_dir: Path, only_site: str | None = None, jobs: int = 1) -> ExportReport:
    """Bring the cached term vectors in line with the portal and put its shards into ``search_dir``.

    ``only_site`` limits the index to one site built alone for its own domain. The shards are
    exported once per set of entries and reused (hard-linked) while nothing changes; ``jobs``
    processes analyse new entries.
    """
    found = [entry for entry in entries(portal) if only_site is None or entry.site == only_site]
    folder = portal.root / CACHE_DIR / (only_site or "portal")
    labels = {site.slug: site.badge for site in portal.sites}
    state = _state(found, labels)
    cached, stamp = folder / "export", folder / "export.json"
    report = _cached_report(stamp, state)
    if report is None or not cached.is_dir():
        fresh = folder / "export.new"
        shutil.rmtree(fresh, ignore_errors=True)
        report = export(found, update(folder, found, jobs), fresh, labels, jobs)
        shutil.rmtree(cached, ignore_errors=True)
        fresh.rename(cached)
        stamp.write_text(json.dumps({"state": state, "report": report.__dict__}))
    shutil.copytree(cached, search_dir, copy_function=_link, dirs_exist_ok=True)
    return report


def _state(found: list, labels: dict[str, str]) -> str:
    """What the export depends on: every entry's content, the site names and the code of this stage."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(json.dumps([sorted((e.key, e.digest) for e in found), labels], ensure_ascii=False).encode())
    return digest.hexdigest()


def _cached_report(stamp: Path, state: str) -> ExportReport | None:
    try:
        saved = json.loads(stamp.read_text())
        return ExportReport(**saved["report"]) if saved.get("state") == state else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # missing, or not what this code wrote
        return None


def _link(source: str, target: str) -> None:
    """Hard links cost no copy; files of an export are never changed in place, only replaced."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
