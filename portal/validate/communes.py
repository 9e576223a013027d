"""Validation of ``communes/<slug>/commune.yml`` and of how communes refer to each other."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from portal.load.frontmatter import MarkdownSource
from portal.load.sources import read_text, relative
from portal.load.yamlsource import Mark, YamlMap, parse_yaml
from portal.model.commune import COMMUNE_FIELDS, COMMUNE_FILE, COMMUNES_DIR, Commune, Person
from portal.problems import Problems
from portal.validate.schema import Checker
from portal.validate.settings import SLUG, check_nav


@dataclass
class CommuneInput:
    """A commune as read: its validated record and its content folder."""

    commune: Commune
    data: YamlMap
    docs_dir: Path
    files: set[str]
    sources: dict[str, MarkdownSource]


def commune_folders(root: Path) -> list[Path]:
    base = root / COMMUNES_DIR
    if not base.is_dir():
        return []
    return sorted(path for path in base.iterdir() if path.is_dir() and not path.name.startswith("."))


def check_commune(folder: Path, root: Path, taken: set[str], problems: Problems) -> tuple[Commune, YamlMap] | None:
    """Validate one ``commune.yml``; ``taken`` holds names a commune's folder may not have."""
    path = folder / COMMUNE_FILE
    rel = relative(path, root)
    if not path.is_file():
        problems.add(relative(folder, root), 1, 1, f"thiếu tệp {COMMUNE_FILE} (tên, loại, mã, liên hệ của đơn vị)")
        return None
    text = read_text(path, rel, problems)
    data = parse_yaml(text, rel, problems) if text is not None else None
    if data is None:
        return None
    before = len(problems)
    checker = Checker(rel, problems)
    values = checker.mapping(data, COMMUNE_FIELDS, Mark(1, 1))
    slug = folder.name
    if not SLUG.match(slug):
        checker.report(Mark(1, 1), f"tên thư mục '{slug}' phải viết thường, không dấu, nối bằng '-' (ví dụ tam-xuan-1)")
    elif slug in taken:
        checker.report(Mark(1, 1), f"mã đơn vị '{slug}' trùng với một mục sẵn có của cổng huyện; hãy đổi tên thư mục")
    if values.get("code") and not values["code"].isdigit():
        checker.report(data.value_mark("code"), f"mã đơn vị hành chính phải gồm chữ số, không phải '{values['code']}'")
    start, end = values.get("valid_from"), values.get("valid_to")
    if start and end and end < start:
        checker.report(data.value_mark("valid_to"), "valid_to phải sau valid_from")
    if values.get("merged_into") and not end:
        checker.report(data.key_mark("merged_into"), "đơn vị đã sáp nhập cần 'valid_to' (ngày cuối cùng tồn tại)")
    if len(problems) > before:
        return None
    leaders = [Person(**person) for person in values.get("leaders", [])]
    responsible = values.get("responsible")
    commune = Commune(
        slug=slug,
        rel=rel,
        name=values["name"],
        kind=values["kind"],
        code=values["code"],
        address=values["address"],
        phone=values["phone"],
        email=values["email"],
        leaders=leaders,
        focal_officials=[Person(**person) for person in values.get("focal_officials", [])],
        responsible=Person(**responsible) if responsible else (leaders[0] if leaders else None),
        area_km2=values.get("area_km2"),
        population=values.get("population"),
        villages=values.get("villages", []),
        site_url=values.get("site_url"),
        valid_from=start,
        valid_to=end,
        merged_into=values.get("merged_into"),
        nav=values.get("nav"),
    )
    return commune, data


def check_relations(inputs: list[CommuneInput], problems: Problems) -> None:
    """Codes are unique; ``merged_into`` names another existing commune; own navigation resolves."""
    slugs = [item.commune.slug for item in inputs]
    codes: dict[str, Commune] = {}
    for item in inputs:
        commune = item.commune
        data = item.data
        first = codes.setdefault(commune.code, commune)
        if first is not commune:
            mark = data.value_mark("code")
            problems.add(
                commune.rel, mark.line, mark.column, f"mã đơn vị hành chính {commune.code} trùng với {first.rel}"
            )
        target = commune.merged_into
        if target and (target not in slugs or target == commune.slug):
            mark = data.value_mark("merged_into")
            close = difflib.get_close_matches(target, [s for s in slugs if s != commune.slug], n=1, cutoff=0.6)
            hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
            problems.add(commune.rel, mark.line, mark.column, f"merged_into: không có đơn vị '{target}'{hint}")
        if commune.nav is not None:
            folder = f"{COMMUNES_DIR}/{commune.slug}"
            check_nav(commune.nav, data.value_mark("nav"), item.files, Checker(commune.rel, problems), folder)
