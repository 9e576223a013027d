"""The sites of a portal and how they reach each other: relative paths inside one build,
public addresses when a site is deployed on its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.model.urls import relative_url


@dataclass
class Network:
    """Where every site lives: its path from the portal root and its public address."""

    prefixes: dict[str, str] = field(default_factory=dict)
    public: dict[str, str] = field(default_factory=dict)
    standalone: str | None = None
    """The one site being built for its own domain; links leaving it must be absolute."""

    def href(self, origin_site: str, origin: str, target_site: str, target: str) -> str:
        """Link from page ``origin`` of ``origin_site`` to page ``target`` of ``target_site``."""
        if self.standalone and target_site != origin_site:
            return self.public[target_site] + target
        return relative_url(self.prefixes[target_site] + target, self.prefixes[origin_site] + origin)

    def absolute(self, site: str, url: str) -> str:
        return self.public[site] + url
