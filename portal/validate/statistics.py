"""Validation of the applications statistics: months, known sites and procedures, consistent counts."""

from __future__ import annotations

import re
from pathlib import Path

from portal.load.sources import read_text
from portal.load.yamlsource import Mark, YamlList, YamlMap, parse_yaml
from portal.model.statistics import STATISTICS_FIELDS, MonthRow, Statistics
from portal.problems import Problems
from portal.validate.schema import Checker, Field

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_statistics(
    path: Path, rel: str, sites: set[str], procedures: frozenset[str], problems: Problems
) -> Statistics:
    """The statistics file if there is one; every bad row is reported, good rows are kept."""
    if not path.is_file():
        return Statistics()
    text = read_text(path, rel, problems)
    data = parse_yaml(text, rel, problems) if text is not None else None
    if data is None:
        return Statistics()
    checker = Checker(rel, problems)
    sample, rows_field = STATISTICS_FIELDS
    values = checker.mapping(data, (sample, Field("rows", "raw", required=True)), Mark(1, 1))
    items = values.get("rows")
    if not isinstance(items, YamlList):
        if items is not None:
            checker.report(data.value_mark("rows"), "'rows' phải là một danh sách")
        return Statistics()
    assert rows_field.item is not None
    rows: list[MonthRow] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        before = len(problems)
        row = checker.value(item, rows_field.item, items.item_mark(index), f"rows[{index + 1}]")
        if not row or len(problems) > before:
            continue
        assert isinstance(item, YamlMap)
        month, site = str(row["month"]), row["site"]
        if not _MONTH.match(month):
            checker.report(item.value_mark("month"), f"tháng '{month}' phải có dạng YYYY-MM, ví dụ 2024-03")
        if site not in sites:
            checker.report(item.value_mark("site"), f"không có đơn vị '{site}'; các mã: {', '.join(sorted(sites))}")
        for name in ("online", "in_person"):
            if row[name] < 0:
                checker.report(item.value_mark(name), f"'{name}' không được âm")
        if (month, site) in seen:
            checker.report(item.mark, f"tháng {month} của {site} đã có ở dòng {seen[(month, site)]}")
        seen.setdefault((month, site), item.mark.line)
        by_procedure = _by_procedure(checker, item, procedures, row["online"])
        if len(problems) == before:
            rows.append(MonthRow(month, site, row["online"], row["in_person"], by_procedure))
    return Statistics(tuple(sorted(rows, key=lambda r: (r.month, r.site))), values.get("sample", False))


def _by_procedure(checker: Checker, item: YamlMap, procedures: frozenset[str], online: int) -> dict[str, int]:
    counts = item.get("by_procedure")
    if counts is None:
        return {}
    if not isinstance(counts, YamlMap):
        checker.report(item.value_mark("by_procedure"), "'by_procedure' phải là các cặp 'mã thủ tục: số hồ sơ'")
        return {}
    clean: dict[str, int] = {}
    for slug, count in counts.items():
        if slug not in procedures:
            checker.report(counts.key_mark(slug), f"không có thủ tục '{slug}' trong thu-tuc/")
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            checker.report(counts.value_mark(slug), f"số hồ sơ của '{slug}' phải là số nguyên không âm")
        else:
            clean[str(slug)] = count
    if sum(clean.values()) > online:
        checker.report(
            item.value_mark("by_procedure"),
            f"tổng hồ sơ theo thủ tục ({sum(clean.values())}) lớn hơn số hồ sơ trực tuyến ({online})",
        )
    return clean
