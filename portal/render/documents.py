"""The documents section of a site: one page per document, browsable listings, feed and open data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.model.document import RELATIONS, STATUSES, TYPES, Document
from portal.model.site import Site
from portal.model.urls import relative_url
from portal.render.charts import number, percent
from portal.render.generated import GeneratedFile, GeneratedPage, Output, paginate, script_json
from portal.render.markdown import untrusted_markdown
from portal.render.templates import PortalEnvironment
from portal.vietnamese import fold, long_date, short_date, slugify

SECTION = "van-ban/"
PAGE_SIZE = 50
FEED_SIZE = 20
HOME_COUNT = 5
PORTAL_EXPORT_DIR = "du-lieu/"
TEMPLATE_DIR = "theme/portal"

LEGAL_FORCE = {
    "còn hiệu lực": "https://schema.org/InForce",
    "hết hiệu lực toàn bộ": "https://schema.org/NotInForce",
    "hết hiệu lực một phần": "https://schema.org/PartiallyInForce",
    "ngưng hiệu lực": "https://schema.org/NotInForce",
    "chưa có hiệu lực": "https://schema.org/NotInForce",
}


@dataclass(frozen=True)
class Facet:
    """One way of browsing documents: by year, type, field or status."""

    key: str
    label: str
    values: Callable[[Document], Iterable[str]]
    order: Callable[[str], Any]
    path: Callable[[str], str]


FACETS = (
    Facet("year", "Năm ban hành", lambda d: [str(d.year)], lambda v: -int(v), lambda v: f"{SECTION}{v}/"),
    Facet("type", "Loại văn bản", lambda d: [d.type], TYPES.index, lambda v: f"{SECTION}loai/{slugify(v)}/"),
    Facet(
        "field", "Lĩnh vực", lambda d: d.fields, lambda v: fold(v).lower(), lambda v: f"{SECTION}linh-vuc/{slugify(v)}/"
    ),
    Facet("status", "Tình trạng", lambda d: [d.status], STATUSES.index, lambda v: f"{SECTION}tinh-trang/{slugify(v)}/"),
)


def environment(site: Site) -> Environment:
    """Jinja for the portal's own templates, escaping every value."""
    return _environment(str(site.root / TEMPLATE_DIR))


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    """One per template folder and process: every site shares the compiled templates (Jinja
    still reloads a template whose file changed, for ``serve``)."""
    env = PortalEnvironment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date, short_date=short_date, slugify=slugify, filesize=filesize, number=number, percent=percent
    )
    env.globals.update(relations=RELATIONS, relative_url=relative_url)
    return env


def filesize(size: int) -> str:
    """Sizes as Vietnamese readers write them: ``1,2 MB``, ``350 KB``."""
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def render_documents(site: Site, env: Environment) -> Output:
    """Pages, listings, feed and exports for the documents published on ``site``."""
    output = Output()
    documents = site.documents
    # The district's site also publishes the portal's open data (every site's documents): each
    # document's row is made once for both exports (0.27 s of the district's 10,000 at 20,000).
    portal_wide = site.is_district and not site.network.standalone
    rows = _export_rows(site, site.all_documents if portal_wide else documents)
    if portal_wide and site.all_documents:
        output.files.extend(_export_files(site, site.all_documents, rows, PORTAL_EXPORT_DIR))
    if not documents:
        return output
    for document in documents:
        later = partial(document_page, site, env, document)
        output.pages.append(GeneratedPage(document.url, "", "", updated=document.updated, later=later))
        for attachment in document.attachments:
            output.files.append(GeneratedFile(document.url + attachment.name, source=Path(attachment.source)))
    _listings(site, env, documents, output)
    output.files.append(GeneratedFile(SECTION + "feed.xml", _feed(site, env, documents)))
    output.files.extend(_export_files(site, documents, rows, SECTION))
    newest = env.get_template("documents-newest.html")
    output.appendices[""] = newest.render(documents=documents[:HOME_COUNT], origin="", section=SECTION)
    return output


def document_page(site: Site, env: Environment, document: Document) -> GeneratedPage:
    """The page of one document, without the site's chrome."""
    body = untrusted_markdown(document.body) if document.body else ""
    context = {"d": document, "body": body, "origin": document.url, "site": site, "section": SECTION}
    return GeneratedPage(
        url=document.url,
        title=f"{document.type} {document.number}",
        description=document.title,
        body=env.get_template("document.html").render(context),
        head=env.get_template("document-head.html").render(context, json_ld=_json_ld(site, document)),
        updated=document.updated,
    )


def _json_ld(site: Site, document: Document) -> str:
    """schema.org Legislation, safe to embed in a script element."""
    url = site.absolute_url(document)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "name": document.title,
        "legislationIdentifier": document.number,
        "legislationType": document.type,
        "legislationDate": document.issued.isoformat(),
        "legislationLegalForce": LEGAL_FORCE[document.status],
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer_name},
        "inLanguage": "vi",
    }
    if document.effective:
        data["legislationDateOfApplicability"] = document.effective.isoformat()
    if document.expires:
        data["expires"] = document.expires.isoformat()
    if document.fields:
        data["keywords"] = list(document.fields)
    for kind, schema_key in (
        ("amends", "legislationAmends"),
        ("replaces", "legislationChanges"),
        ("repeals", "legislationChanges"),
        ("based_on", "isBasedOn"),
    ):
        targets = [site.absolute_url(target) for target in document.relations.get(kind, [])]
        if targets:
            data.setdefault(schema_key, []).extend({"@id": url} for url in targets)
    if document.attachments:
        data["encoding"] = [
            {
                "@type": "LegislationObject",
                "name": attachment.title,
                "contentUrl": url + attachment.name,
                "encodingFormat": attachment.mime,
                "contentSize": str(attachment.size),
                "sha256": attachment.sha256,
                "legislationLegalValue": "https://schema.org/UnofficialLegalValue",
            }
            for attachment in document.attachments
        ]
    return script_json(data)


_LINK = "@@PORTAL-LINK@@"
"""Where a listing puts the link to a document into the document's row."""


def _listings(site: Site, env: Environment, documents: list[Document], output: Output) -> None:
    facets = [{"facet": facet, "entries": _facet_entries(facet, documents)} for facet in FACETS]
    # A document is listed five or six times (all, year, type, fields, status): its row is made once.
    row = env.get_template("document-row.html")
    rows = {document.url: row.render(d=document, href=_LINK) for document in documents}
    _paginate(site, env, output, SECTION, "Văn bản", documents, rows, facets=facets)
    for group in facets:
        facet = group["facet"]
        for value, members in group["entries"]:
            title = f"Văn bản – {facet.label.lower()}: {value}"
            _paginate(site, env, output, facet.path(value), title, members, rows, facets=None)


def _facet_entries(facet: Facet, documents: list[Document]) -> list[tuple[str, list[Document]]]:
    groups: dict[str, list[Document]] = {}
    for document in documents:
        for value in facet.values(document):
            groups.setdefault(value, []).append(document)
    return [(value, groups[value]) for value in sorted(groups, key=facet.order)]


def _paginate(
    site: Site,
    env: Environment,
    output: Output,
    base: str,
    title: str,
    documents: list[Document],
    rows: dict[str, str],
    facets: list[dict[str, Any]] | None,
) -> None:
    template, escape = env.get_template("documents.html"), env.filters["escape"]
    urls, chunks = paginate(base, documents, PAGE_SIZE)
    for index, (url, chunk) in enumerate(zip(urls, chunks, strict=True)):
        context = dict(
            documents=chunk,
            rows=[rows[d.url].replace(_LINK, escape(relative_url(d.url, url)), 1) for d in chunk],
            total=len(documents),
            first=index * PAGE_SIZE + 1,
            page=index + 1,
            pages=urls,
            origin=url,
            facets=facets if index == 0 else None,
            section=SECTION,
            feed=relative_url(SECTION + "feed.xml", url),
        )
        page_title = title if index == 0 else f"{title} – trang {index + 1}"
        if url == SECTION and SECTION in site.page_urls:
            output.appendices[url] = template.render(context, appendix=True)
        else:
            body = template.render(context, appendix=False)
            description = f"Danh sách {len(documents)} văn bản, mới nhất trước."
            output.pages.append(GeneratedPage(url, page_title, description, body, updated=chunk[0].updated))


def _feed(site: Site, env: Environment, documents: list[Document]) -> bytes:
    text = env.get_template("documents-feed.html").render(
        documents=documents[:FEED_SIZE], settings=site.settings, section=SECTION
    )
    return text.encode("utf-8")


EXPORT_COLUMNS = (
    ("so_ky_hieu", lambda d: d.number),
    ("loai_van_ban", lambda d: d.type),
    ("trich_yeu", lambda d: d.title),
    ("co_quan_ban_hanh", lambda d: d.issuer_name),
    ("ma_don_vi", lambda d: d.issuer if d.issuer == d.site else ""),
    ("nguoi_ky", lambda d: d.signer_name or ""),
    ("chuc_vu_nguoi_ky", lambda d: d.signer_position or ""),
    ("ngay_ban_hanh", lambda d: d.issued.isoformat()),
    ("ngay_hieu_luc", lambda d: d.effective.isoformat() if d.effective else ""),
    ("ngay_het_hieu_luc", lambda d: d.expires.isoformat() if d.expires else ""),
    ("tinh_trang", lambda d: d.status),
    ("linh_vuc", lambda d: "; ".join(d.fields)),
    ("du_lieu_mau", lambda d: "có" if d.sample else ""),
)


def _export_rows(site: Site, documents: list[Document]) -> dict[str, tuple[str, list[str]]]:
    """Each document's JSON line and CSV row, by its record (the same on every site's export)."""
    rows = {}
    for document in documents:
        url = site.absolute_url(document)
        row: dict[str, Any] = {name: getter(document) for name, getter in EXPORT_COLUMNS}
        csv_row = [*row.values(), url]
        row["linh_vuc"] = list(document.fields)
        row["duong_dan"] = url
        row["quan_he"] = {kind: [target.number for target in targets] for kind, targets in document.relations.items()}
        row["tep_dinh_kem"] = [
            {"ten": a.title, "duong_dan": url + a.name, "kich_thuoc": a.size, "sha256": a.sha256}
            for a in document.attachments
        ]
        # One document per line: readable, diffable, and written by the C encoder (``indent`` is not).
        rows[document.rel] = (json.dumps(row, ensure_ascii=False), csv_row)
    return rows


def _export_files(
    site: Site, documents: list[Document], rows: dict[str, tuple[str, list[str]]], folder: str
) -> list[GeneratedFile]:
    """The documents as JSON and as CSV that Excel opens in UTF-8 (byte-order mark, CRLF)."""
    head = json.dumps({"ngay_tinh_hieu_luc": site.as_of.isoformat(), "so_van_ban": len(documents)}, ensure_ascii=False)
    lines = ",\n".join(rows[document.rel][0] for document in documents)
    json_bytes = f'{head[:-1]}, "van_ban": [\n{lines}\n]}}\n'.encode()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in EXPORT_COLUMNS] + ["duong_dan"])
    writer.writerows(rows[document.rel][1] for document in documents)
    csv_bytes = buffer.getvalue().encode("utf-8-sig")
    return [GeneratedFile(folder + "van-ban.json", json_bytes), GeneratedFile(folder + "van-ban.csv", csv_bytes)]
