"""Validation of procedure records: schema, unique codes and slugs, online fields, forms, legal basis."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from portal.load.records import Record
from portal.load.yamlsource import Mark, YamlList, YamlMap
from portal.model.document import Document
from portal.model.procedure import FORM_TYPES, PROCEDURE_FIELDS, Basis, Channel, Form, Procedure
from portal.problems import Problems
from portal.validate.schema import Checker
from portal.validate.settings import SLUG


def check_procedures(
    records: list[Record], docs_dir: Path, documents: list[Document], problems: Problems
) -> list[Procedure]:
    """Validate every record; invalid ones are reported and left out. Sorted by field, then name."""
    by_number: dict[str, list[Document]] = {}
    for document in documents:
        by_number.setdefault(document.number, []).append(document)
    procedures: list[Procedure] = []
    codes: dict[str, str] = {}
    for record in records:
        before = len(problems)
        checker = Checker(record.rel, problems)
        values = checker.mapping(record.data, PROCEDURE_FIELDS, Mark(1, 1))
        if len(problems) > before or not isinstance(record.data, YamlMap):
            continue
        data: YamlMap = record.data
        slug = record.path.stem
        if not SLUG.match(slug):
            checker.report(Mark(1, 1), f"tên tệp '{record.path.name}' phải là chữ thường không dấu nối bằng '-'")
        if values["code"] in codes:
            checker.report(data.value_mark("code"), f"mã thủ tục '{values['code']}' trùng với {codes[values['code']]}")
        codes.setdefault(values["code"], record.rel)
        _check_online(checker, data, values)
        forms = _forms(checker, data, record, docs_dir)
        basis = _legal_basis(checker, data, by_number)
        if len(problems) > before:
            continue
        procedures.append(
            Procedure(
                rel=record.rel,
                slug=slug,
                name=values["name"],
                code=values["code"],
                field=values["field"],
                level=values["level"],
                agency=values["agency"],
                applicants=values["applicants"],
                steps=tuple(values["steps"]),
                channels=tuple(Channel(**channel) for channel in values["channels"]),
                documents=tuple((item["name"], item.get("copies")) for item in values["documents"]),
                result=values["result"],
                legal_basis=basis,
                service_level=values.get("service_level"),
                national_url=values.get("national_url"),
                copies=values.get("copies"),
                conditions=tuple(values.get("conditions", ())),
                forms=forms,
                sample=values.get("sample", False),
            )
        )
    return sorted(procedures, key=lambda item: (item.field, item.name, item.slug))


def _check_online(checker: Checker, data: YamlMap, values: dict[str, Any]) -> None:
    """An online service needs its national-portal link and an online channel; an offline one neither."""
    online = "service_level" in values
    kinds = [channel["kind"] for channel in values["channels"]]
    if online and "national_url" not in values:
        checker.report(data.value_mark("service_level"), "dịch vụ công trực tuyến phải có 'national_url'")
    if not online and "national_url" in values:
        checker.report(data.value_mark("national_url"), "có 'national_url' nhưng thiếu 'service_level'")
    if online and "Trực tuyến" not in kinds:
        checker.report(data.value_mark("channels"), "dịch vụ công trực tuyến phải có cách thức 'Trực tuyến'")
    if not online and "Trực tuyến" in kinds:
        checker.report(data.value_mark("channels"), "có cách thức 'Trực tuyến' nhưng thiếu 'service_level'")
    for name in ("steps", "channels", "documents", "legal_basis"):
        if not values.get(name):
            checker.report(data.value_mark(name), f"'{name}' phải có ít nhất một mục")


def _forms(checker: Checker, data: YamlMap, record: Record, docs_dir: Path) -> tuple[Form, ...]:
    items = data.get("forms")
    if not isinstance(items, YamlList):
        return ()
    base = docs_dir.resolve()
    forms = []
    for item in items:
        if not isinstance(item, YamlMap):
            continue
        mark = item.value_mark("file")
        name = str(item["file"]).strip()
        path = (record.path.parent / name).resolve()
        if not path.is_relative_to(base):
            checker.report(mark, f"mẫu đơn '{name}' nằm ngoài thư mục nội dung")
        elif path.suffix.lower() not in FORM_TYPES:
            checker.report(mark, f"không nhận mẫu đơn loại '{path.suffix or name}'; cho phép: {', '.join(FORM_TYPES)}")
        elif not path.is_file():
            checker.report(mark, f"không tìm thấy mẫu đơn '{name}'")
        else:
            src = path.relative_to(base).as_posix()
            forms.append(Form(src, path.name, str(item["title"]).strip(), path.stat().st_size))
    return tuple(forms)


def _legal_basis(checker: Checker, data: YamlMap, by_number: dict[str, list[Document]]) -> tuple[Basis, ...]:
    """Numbers must name a document of the database (to be linked); titles stand for outside texts."""
    items = data.get("legal_basis")
    if not isinstance(items, YamlList):
        return ()
    basis = []
    for index, item in enumerate(items):
        mark = items.item_mark(index)
        if not isinstance(item, YamlMap):
            continue
        number, issuer, title = (
            str(item[key]).strip() if item.get(key) else None for key in ("number", "issuer", "title")
        )
        if (number is None) == (title is None):
            checker.report(
                mark, "mỗi căn cứ pháp lý ghi 'number' (văn bản có trong legal-db) hoặc 'title', không cả hai"
            )
            continue
        if title is not None:
            basis.append(Basis(title))
            continue
        assert number is not None
        candidates = [d for d in by_number.get(number, []) if issuer is None or d.issuer == issuer]
        if not candidates:
            close = difflib.get_close_matches(number, list(by_number), n=1, cutoff=0.8)
            hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
            checker.report(item.value_mark("number"), f"không có văn bản số '{number}' trong legal-db{hint}")
        elif len(candidates) > 1:
            issuers = ", ".join(sorted(d.issuer for d in candidates))
            checker.report(item.value_mark("number"), f"số '{number}' có ở nhiều cơ quan ({issuers}); thêm 'issuer'")
        else:
            document = candidates[0]
            basis.append(Basis(f"{document.type} số {document.number} – {document.title}", document))
    return tuple(basis)
