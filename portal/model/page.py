"""Markdown pages and news posts: their front-matter schema and their model."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from portal.validate.schema import Field

if TYPE_CHECKING:
    from portal.model.guide import Guide

NEWS_DIR = "tin-tuc"
NEWS_CATEGORIES = ("Tin tức", "Thông báo", "Sự kiện")
TEMPLATES = ("home.html",)

PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", required=True, description="Tiêu đề trang"),
    Field("description", description="Mô tả ngắn một câu, dùng cho công cụ tìm kiếm"),
    Field("updated", "date", description="Ngày cập nhật nội dung (YYYY-MM-DD)"),
    Field("lang", "choice", choices=("vi", "en"), description="Ngôn ngữ nội dung: vi hoặc en"),
    Field(
        "hide",
        "list",
        item=Field("hide", "choice", choices=("navigation", "toc", "footer", "path")),
        description="Ẩn thanh điều hướng, mục lục, …",
    ),
    Field("template", "choice", choices=TEMPLATES, description="Mẫu trang đặc biệt"),
)

POST_FIELDS: tuple[Field, ...] = (
    *PAGE_FIELDS,
    Field("date", "date", required=True, description="Ngày đăng tin (YYYY-MM-DD)"),
    Field("category", "choice", choices=NEWS_CATEGORIES, description="Chuyên mục"),
)


def is_post(src: str) -> bool:
    """News posts live below the news folder; its index page lists them."""
    return src.startswith(NEWS_DIR + "/") and posixpath.basename(src) != "index.md"


def page_url(src: str) -> str:
    """The directory-style URL of a Markdown source (``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``)."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass
class Page:
    """A content page after validation."""

    src: str
    repo_path: str
    title: str
    description: str | None = None
    updated: date | None = None
    lang: str = "vi"
    hide: tuple[str, ...] = ()
    template: str | None = None
    date: date | None = None
    category: str | None = None
    generated: bool = False
    """A page the generator adds when the folder has none (the documents index, say)."""
    guide: Guide | None = None
    text: str = ""
    """The Markdown body, for the search index."""

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def is_post(self) -> bool:
        return is_post(self.src)
