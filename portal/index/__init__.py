"""Stage 5: the portal-wide search index, built with Whoosh and exported as static shards."""

from __future__ import annotations

from pathlib import Path

from portal.index.entries import entries
from portal.index.export import ExportReport, export
from portal.index.store import update
from portal.model.portal import Portal

CACHE_DIR = Path(".cache") / "search-index"
OUTPUT_DIR = "search"


def build_index(portal: Portal, search_dir: Path, only_site: str | None = None) -> ExportReport:
    """Update the cached Whoosh index from the portal and export its shards into ``search_dir``.

    ``only_site`` limits the index to one site built alone for its own domain.
    """
    found = [entry for entry in entries(portal) if only_site is None or entry.site == only_site]
    folder = portal.root / CACHE_DIR / (only_site or "portal")
    update(folder, found)
    labels = {site.slug: site.badge for site in portal.sites}
    return export(folder, search_dir, labels)
