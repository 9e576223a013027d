"""Validation of legal-document records: schema, numbering rules, dates, uniqueness, relations, files."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.load.legaldb import LEGAL_DB_DIR, Record
from portal.load.yamlsource import Mark, YamlList, YamlMap
from portal.model.document import (
    ATTACHMENT_TYPES,
    DOCUMENT_FIELDS,
    NUMBER,
    RELATIONS,
    TYPE_ABBREVIATIONS,
    Attachment,
    Document,
)
from portal.problems import Problems
from portal.validate.schema import Checker
from portal.validate.settings import SLUG

_ABBREVIATION_TYPES = {abbreviation: name for name, abbreviation in TYPE_ABBREVIATIONS.items() if abbreviation}


@dataclass(frozen=True)
class Issuers:
    """The units that have a site: documents they issue are published there."""

    names: dict[str, str]
    default_site: str


@dataclass
class _Checked:
    record: Record
    document: Document
    values: YamlMap


def check_documents(
    root: Path,
    records: list[Record],
    issuers: Issuers,
    max_attachment_bytes: int,
    problems: Problems,
    known: Sequence[Document] = (),
) -> list[Document]:
    """Validate every record and resolve relations; invalid records are reported and left out.

    ``known`` are documents validated before (the preview re-checks an edited record alone):
    relations may point at them.
    """
    checked: list[_Checked] = []
    for record in records:
        before = len(problems)
        checker = Checker(record.rel, problems, allow_markup=True)
        values = checker.mapping(record.data, DOCUMENT_FIELDS, Mark(1, 1))
        if len(problems) > before or not isinstance(record.data, YamlMap):
            continue
        data: YamlMap = record.data
        _check_number(checker, data, values)
        _check_dates(checker, data, values)
        site, issuer_name = _issuer(checker, data, values, issuers)
        attachments = _attachments(root, record, checker, data, max_attachment_bytes)
        if len(problems) > before:
            continue
        signer = values.get("signer", {})
        document = Document(
            rel=record.rel,
            number=values["number"],
            type=values["type"],
            title=values["title"],
            issuer=values["issuer"],
            issuer_name=issuer_name,
            issued=values["issued"],
            site=site,
            signer_name=signer.get("name"),
            signer_position=signer.get("position"),
            effective=values.get("effective"),
            expires=values.get("expires"),
            declared_status=values.get("status"),
            fields=tuple(values.get("fields", ())),
            references=values.get("relations", {}),
            attachments=attachments,
            vbpl_url=values.get("vbpl_url"),
            sample=values.get("sample", False),
            body=values.get("body"),
        )
        checked.append(_Checked(record, document, data))
    _check_unique(checked, problems)
    _resolve_relations(checked, problems, known)
    return [item.document for item in checked]


def _check_number(checker: Checker, data: YamlMap, values: dict[str, Any]) -> None:
    number, kind, issued = values["number"], values["type"], values["issued"]
    mark = data.value_mark("number")
    match = NUMBER.match(number)
    if not match:
        checker.report(mark, f"số, ký hiệu '{number}' sai dạng; ví dụ đúng: 123/QĐ-UBND, 05/2019/NQ-HĐND, 456/UBND-VP")
        return
    if match["year"] and int(match["year"]) != issued.year:
        checker.report(mark, f"năm {match['year']} trong số '{number}' khác năm ban hành {issued.year}")
    first = match["symbol"].split("-")[0]
    expected = TYPE_ABBREVIATIONS[kind]
    if expected is None:
        if first in _ABBREVIATION_TYPES:
            checker.report(
                mark,
                f"'{number}' mang ký hiệu '{first}' của {_ABBREVIATION_TYPES[first]}, nhưng loại văn bản là Công văn "
                "(công văn không có chữ viết tắt tên loại, ví dụ 456/UBND-VP)",
            )
    elif first != expected:
        known = f" ({_ABBREVIATION_TYPES[first]})" if first in _ABBREVIATION_TYPES else ""
        checker.report(
            mark, f"ký hiệu '{first}'{known} trong số '{number}' không khớp loại {kind}: phải là '{expected}-…'"
        )


def _check_dates(checker: Checker, data: YamlMap, values: dict[str, Any]) -> None:
    issued, effective, expires = values["issued"], values.get("effective"), values.get("expires")
    if effective and effective < issued:
        checker.report(
            data.value_mark("effective"),
            f"ngày có hiệu lực {effective.isoformat()} trước ngày ban hành {issued.isoformat()}",
        )
    start = effective or issued
    if expires and expires <= start:
        checker.report(
            data.value_mark("expires"),
            f"ngày hết hiệu lực {expires.isoformat()} phải sau ngày có hiệu lực {start.isoformat()}",
        )


def _issuer(checker: Checker, data: YamlMap, values: dict[str, Any], issuers: Issuers) -> tuple[str, str]:
    """Site and display name of the issuer; a slug must name a known unit."""
    issuer = values["issuer"]
    if issuer in issuers.names:
        return issuer, issuers.names[issuer]
    if SLUG.match(issuer):
        close = difflib.get_close_matches(issuer, list(issuers.names), n=1, cutoff=0.6)
        hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
        known = ", ".join(sorted(issuers.names))
        checker.report(data.value_mark("issuer"), f"không có đơn vị '{issuer}'{hint}; các mã đơn vị: {known}")
        return issuers.default_site, issuer
    return issuers.default_site, issuer


def _attachments(root: Path, record: Record, checker: Checker, data: YamlMap, max_bytes: int) -> list[Attachment]:
    items = data.get("attachments")
    if not isinstance(items, YamlList):
        return []
    base = (root / LEGAL_DB_DIR).resolve()
    attachments: list[Attachment] = []
    for index, item in enumerate(items):
        mark = item.value_mark("file") if isinstance(item, YamlMap) else items.item_mark(index)
        name = str(item["file"]).strip()
        path = (record.path.parent / name).resolve()
        if not path.is_relative_to(base):
            checker.report(mark, f"tệp đính kèm '{name}' nằm ngoài thư mục {LEGAL_DB_DIR}/")
            continue
        suffix = path.suffix.lower()
        if suffix not in ATTACHMENT_TYPES:
            allowed = ", ".join(sorted(ATTACHMENT_TYPES))
            checker.report(mark, f"không nhận tệp đính kèm loại '{suffix or name}'; các loại cho phép: {allowed}")
            continue
        if not path.is_file():
            checker.report(mark, f"không tìm thấy tệp đính kèm '{name}' cạnh {record.path.name}")
            continue
        size = path.stat().st_size
        if size > max_bytes:
            checker.report(
                mark,
                f"tệp đính kèm '{name}' nặng {size / 1_048_576:.1f} MB, vượt giới hạn {max_bytes / 1_048_576:.0f} MB",
            )
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        title = str(item.get("title") or path.name).strip()
        attachments.append(Attachment(str(path), path.name, title, size, digest, ATTACHMENT_TYPES[suffix]))
    return attachments


def _check_unique(checked: list[_Checked], problems: Problems) -> None:
    """Numbers are unique per issuer and year; URLs unique per site."""
    seen: dict[tuple[str, int, str], _Checked] = {}
    urls: dict[tuple[str, str], _Checked] = {}
    duplicates: list[_Checked] = []
    for item in checked:
        document = item.document
        mark = item.values.value_mark("number")
        first = seen.get(document.key) or urls.get((document.site, document.url))
        if first is not None:
            problems.add(
                item.record.rel,
                mark.line,
                mark.column,
                f"số '{document.number}' của {document.issuer} năm {document.year} trùng với {first.record.rel}",
            )
            duplicates.append(item)
            continue
        seen[document.key] = item
        urls[(document.site, document.url)] = item
    for item in duplicates:
        checked.remove(item)


def _resolve_relations(checked: list[_Checked], problems: Problems, known: Sequence[Document]) -> None:
    """Turn referenced numbers into documents: the same issuer first, then the latest issued before."""
    by_number: dict[str, list[Document]] = {}
    for document in [*known, *(item.document for item in checked)]:
        by_number.setdefault(document.number, []).append(document)
    for item in checked:
        document = item.document
        relations = item.values.get("relations")
        for kind in RELATIONS:
            numbers = relations.get(kind) if isinstance(relations, YamlMap) else None
            if not isinstance(numbers, YamlList):
                continue
            targets: list[Document] = []
            for index, number in enumerate(numbers):
                mark = numbers.item_mark(index)
                candidates = by_number.get(str(number).strip(), [])
                target = _pick(document, [other for other in candidates if other is not document])
                if target is None and document in candidates:
                    problems.add(item.record.rel, mark.line, mark.column, "văn bản không thể liên quan tới chính nó")
                elif target is None:
                    close = difflib.get_close_matches(str(number), list(by_number), n=1, cutoff=0.8)
                    hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
                    problems.add(item.record.rel, mark.line, mark.column, f"không có văn bản số '{number}'{hint}")
                else:
                    targets.append(target)
            if targets:
                document.relations[kind] = targets


def _pick(document: Document, candidates: list[Document]) -> Document | None:
    if not candidates:
        return None
    same_issuer = [other for other in candidates if other.issuer == document.issuer] or candidates
    earlier = [other for other in same_issuer if other.issued <= document.issued] or same_issuer
    return max(earlier, key=lambda other: other.sort_key)
