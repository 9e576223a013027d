"""What the search index holds: one entry per page, post, document, procedure and guide of every site."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

from portal.model.portal import Portal
from portal.model.site import Site

SNIPPET = 240
"""Characters of an entry's text shown under its title in the results."""

_MARKUP = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"<[^>]+>"), " "),
    # A line's leading marker, rules (``---``) included: a dash opening a line is one, so no line is
    # left starting with a dash for a pattern of its own.
    (re.compile(r"^\s*(?:#{1,6}|>|[-*+]|\d+\.|!!!|\?\?\?|\|)", re.M), " "),
    (re.compile(r"[*_`|{}]+"), " "),
)


def plain(markdown: str) -> str:
    """Markdown reduced to its words, for indexing and snippets."""
    text = markdown
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Entry:
    """One searchable item; ``url`` is relative to the portal's root."""

    key: str
    url: str
    site: str
    kind: str
    title: str
    body: str
    number: str = ""
    doc_type: str = ""
    year: str = ""
    issuer: str = ""
    status: str = ""

    @cached_property
    def digest(self) -> str:
        """Content hash: an unchanged entry is not re-indexed (asked for several times per build)."""
        fields = (self.url, self.site, self.kind, self.title, self.body, self.number, self.doc_type, self.year)
        return hashlib.sha256("\x1f".join((*fields, self.issuer, self.status)).encode()).hexdigest()[:24]


def entries(portal: Portal) -> list[Entry]:
    """Every entry of the portal, in a stable order."""
    found: list[Entry] = []
    for site in portal.sites:
        found.extend(_site_entries(site))
    return found


def _site_entries(site: Site) -> list[Entry]:
    # A site built alone for its own domain is the root of its output, search/ included.
    prefix = "" if site.network.standalone else site.network.prefixes[site.slug]
    out = []
    for page in sorted(site.pages.values(), key=lambda page: page.src):
        if page.generated:
            continue
        kind = "guide" if page.guide else "post" if page.is_post else "page"
        out.append(Entry(f"{site.slug}:{page.url}", prefix + page.url, site.slug, kind, page.title, plain(page.text)))
    for d in site.documents:
        body = plain(f"{d.type} {d.number} {d.issuer_name}. {' '.join(d.fields)}. {d.body or ''}")
        out.append(
            Entry(
                f"{site.slug}:{d.url}",
                prefix + d.url,
                site.slug,
                "document",
                d.title,
                body,
                number=d.number,
                doc_type=d.type,
                year=str(d.year),
                issuer=d.issuer_name,
                status=d.status,
            )
        )
    # A commune's procedure pages repeat the district's: the district's one is indexed.
    for p in site.procedures if site.is_district else ():
        body = plain(f"{p.field}. {p.level}. {p.service_level or ''}. {' '.join(p.steps)} {p.result} {p.applicants}")
        out.append(Entry(f"{site.slug}:{p.url}", prefix + p.url, site.slug, "procedure", p.name, body, number=p.code))
    return out
