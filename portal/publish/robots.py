"""``robots.txt``: crawlers may index everything and are pointed at the sitemap."""

from __future__ import annotations

from pathlib import Path

from portal.model.settings import Settings


def write_robots(settings: Settings, out_dir: Path) -> None:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {settings.site_url}sitemap.xml\n"
    (out_dir / "robots.txt").write_text(text, encoding="utf-8")
