"""``new``: scaffold a page or a news post with its front matter filled in."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from portal.model.page import NEWS_CATEGORIES, NEWS_DIR
from portal.validate.settings import DOCS_DIR
from portal.vietnamese import slugify

_PATH = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


class ScaffoldError(Exception):
    """The request cannot be scaffolded (bad path, file exists); the message says why."""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(root: Path, src: str, text: str) -> Path:
    path = root / DOCS_DIR / src
    if path.exists():
        raise ScaffoldError(f"{DOCS_DIR}/{src} đã tồn tại; không ghi đè")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_page(root: Path, where: str, title: str, today: date) -> Path:
    where = where.removesuffix(".md").strip("/")
    if not _PATH.match(where):
        raise ScaffoldError(
            f"đường dẫn '{where}' không hợp lệ: chỉ dùng chữ thường không dấu, số và '-', ví dụ 'gioi-thieu/lich-su'"
        )
    text = (
        "---\n"
        f"title: {_quote(title)}\n"
        "# description: Một câu mô tả trang cho công cụ tìm kiếm\n"
        f"updated: {today.isoformat()}\n"
        "---\n\n"
        "Viết nội dung trang ở đây.\n"
    )
    return _write(root, f"{where}.md", text)


def new_post(root: Path, title: str, day: date, category: str) -> Path:
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("tiêu đề cần có chữ hoặc số để đặt tên tệp")
    text = (
        "---\n"
        f"title: {_quote(title)}\n"
        "# description: Tóm tắt tin trong một câu\n"
        f"date: {day.isoformat()}\n"
        f"updated: {day.isoformat()}\n"
        f"category: {category}\n"
        "---\n\n"
        "Viết nội dung tin ở đây.\n"
    )
    return _write(root, f"{NEWS_DIR}/{day.year}/{slug}.md", text)


def run_new(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    day = date.fromisoformat(args.date) if args.date else date.today()
    try:
        if args.kind == "page":
            path = new_page(root, args.path, args.title, day)
            hint = "Thêm trang vào mục 'nav' trong mkdocs.yml để trang hiện trên thanh điều hướng."
        else:
            if args.category not in NEWS_CATEGORIES:
                raise ScaffoldError(f"chuyên mục phải là một trong: {', '.join(NEWS_CATEGORIES)}")
            path = new_post(root, args.title, day, args.category)
            hint = "Tin mới tự hiện trong trang Tin tức và trên trang chủ."
    except ScaffoldError as error:
        print(f"lỗi: {error}")
        return 1
    print(f"Đã tạo {path.relative_to(root).as_posix()}. {hint}")
    return 0
