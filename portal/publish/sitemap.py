"""``sitemap.xml`` (and its gzip twin) for every page, written from the model so it is reproducible."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape


def write_sitemap(site_url: str, entries: list[tuple[str, date | None]], out_dir: Path) -> None:
    """``entries`` are site-relative URLs with their last modification date."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in sorted(entries):
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(site_url + url)}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    (out_dir / "sitemap.xml").write_bytes(data)
    (out_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
