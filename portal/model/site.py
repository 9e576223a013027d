"""One site of the portal: its settings and its pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from portal.model.page import Page
from portal.model.settings import Settings


@dataclass
class Site:
    """Everything the render stage needs to produce one site, already validated."""

    root: Path
    config_path: Path
    docs_dir: Path
    settings: Settings
    pages: dict[str, Page] = field(default_factory=dict)

    @property
    def posts(self) -> list[Page]:
        """News posts, newest first; ties broken by path so the order is stable."""
        posts = [page for page in self.pages.values() if page.is_post]
        return sorted(posts, key=lambda page: (page.date or date.min, page.src), reverse=True)

    @property
    def newest_update(self) -> date | None:
        """The latest date any page was updated: the site's own 'last modified'."""
        dates = [page.updated for page in self.pages.values() if page.updated]
        return max(dates) if dates else None
