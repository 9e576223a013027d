"""The documents database after validation: relations in both directions and legal-force status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from portal.model.document import (
    RELATIONS,
    STATUS_EXPIRED,
    STATUS_IN_FORCE,
    STATUS_NOT_YET,
    Document,
)


def in_force_since(document: Document) -> date:
    return document.effective or document.issued


def derive_status(document: Document, as_of: date) -> str:
    """Legal force on ``as_of``: a declared status wins; otherwise dates and relations decide.

    A document replaced or repealed by another that is already in force has no force left.
    """
    if document.declared_status:
        return document.declared_status
    for kind, (_, _, ends_force) in RELATIONS.items():
        if ends_force and any(in_force_since(other) <= as_of for other in document.inverse.get(kind, [])):
            return STATUS_EXPIRED
    if document.expires and document.expires <= as_of:
        return STATUS_EXPIRED
    if in_force_since(document) > as_of:
        return STATUS_NOT_YET
    return STATUS_IN_FORCE


@dataclass
class LegalDB:
    """All documents of the portal, newest first, with inverse relations and statuses computed."""

    documents: list[Document]
    as_of: date

    @classmethod
    def link(cls, documents: list[Document], as_of: date) -> LegalDB:
        ordered = sorted(documents, key=lambda document: document.sort_key, reverse=True)
        for document in ordered:
            document.inverse = {}
        for document in ordered:
            for kind, targets in document.relations.items():
                for target in targets:
                    target.inverse.setdefault(kind, []).append(document)
        for document in ordered:
            document.status = derive_status(document, as_of)
        return cls(ordered, as_of)

    def for_site(self, slug: str) -> list[Document]:
        return self._by_site.get(slug, [])

    @cached_property
    def _by_site(self) -> dict[str, list[Document]]:
        """Grouped once: 18 sites each scanning 20,000 documents took 0.2 s of the serial load."""
        groups: dict[str, list[Document]] = {}
        for document in self.documents:
            groups.setdefault(document.site, []).append(document)
        return groups
