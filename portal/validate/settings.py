"""Validation of ``mkdocs.yml``: the keys the portal relies on and the navigation tree."""

from __future__ import annotations

import re
from typing import Any

from portal.load.yamlsource import Mark, YamlList, YamlMap
from portal.model.settings import PORTAL_FIELDS, Agency, Responsible, Settings
from portal.problems import Problems
from portal.validate.schema import Checker, Field

DOCS_DIR = "content"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_settings(config: Any, rel: str, files: set[str], problems: Problems) -> Settings | None:
    """Check the portal's keys of ``mkdocs.yml``; None when any of them is wrong."""
    checker = Checker(rel, problems)
    if not isinstance(config, YamlMap):
        checker.report(Mark(1, 1), "mkdocs.yml phải là các cặp 'khóa: giá trị'")
        return None
    before = len(problems)
    site_name = checker.value(config.get("site_name"), Field("site_name"), config.value_mark("site_name"), "site_name")
    site_url = checker.value(
        config.get("site_url"), Field("site_url", "url"), config.value_mark("site_url"), "site_url"
    )
    if config.get("docs_dir", DOCS_DIR) != DOCS_DIR:
        checker.report(config.value_mark("docs_dir"), f"docs_dir phải là '{DOCS_DIR}' (bố cục cố định của kho)")
    if "nav" in config:
        check_nav(config["nav"], config.value_mark("nav"), files, checker)
    extra = config.get("extra")
    if not isinstance(extra, YamlMap) or "portal" not in extra:
        checker.report(config.mark, "thiếu mục 'extra.portal' (thông tin cơ quan, người chịu trách nhiệm)")
        return None
    portal = checker.mapping(extra["portal"], PORTAL_FIELDS, extra.value_mark("portal"), "extra.portal")
    slug = portal.get("slug", "")
    if slug and not SLUG.match(slug):
        mark = extra["portal"].value_mark("slug")
        checker.report(mark, f"'extra.portal.slug' chỉ gồm chữ thường không dấu, số và '-', không phải '{slug}'")
    if len(problems) > before:
        return None
    return Settings(
        site_name=site_name,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        slug=slug,
        agency=Agency(**portal["agency"]),
        responsible=Responsible(**portal["responsible"]),
        sample_data=portal.get("sample_data", False),
        max_attachment_mb=portal.get("max_attachment_mb", 20),
    )


def check_nav(nav: Any, mark: Mark, files: set[str], checker: Checker, folder: str = DOCS_DIR) -> None:
    """Every page named in the navigation must exist in the content folder."""
    if isinstance(nav, YamlList):
        for index, item in enumerate(nav):
            check_nav(item, nav.item_mark(index), files, checker, folder)
    elif isinstance(nav, YamlMap):
        for key, value in nav.items():
            check_nav(value, nav.value_mark(key), files, checker, folder)
    elif isinstance(nav, str):
        if "://" in nav or nav.startswith(("mailto:", "tel:")):
            return
        if nav not in files:
            checker.report(mark, f"nav: không có trang '{nav}' trong thư mục '{folder}/'")
    else:
        checker.report(mark, "nav: mỗi mục phải là 'Tên: tệp.md', một tệp .md hoặc một nhóm mục")
