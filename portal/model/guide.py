"""Guides of the propaganda team: a Markdown page teaching one or more online procedures.

The front matter adds what the leaflet, the poster and the coverage page need.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from portal.model.page import PAGE_FIELDS
from portal.validate.schema import Field

GUIDES_DIR = "huong-dan"
POSTER_STEPS = (3, 5)
POSTER_STEP_LENGTH = 90
POSTER_TITLE_LENGTH = 60
YOUTUBE = re.compile(r"^https://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?:[&?#].*)?$")

GUIDE_FIELDS: tuple[Field, ...] = (
    *PAGE_FIELDS,
    Field(
        "procedures",
        "list",
        required=True,
        item=Field("procedure", description="Tên tệp thủ tục trong thu-tuc/, không có .yml"),
        description="Thủ tục được hướng dẫn",
    ),
    Field(
        "poster",
        "map",
        required=True,
        fields=(
            Field("title", description=f"Tiêu đề ngắn cho áp phích (tối đa {POSTER_TITLE_LENGTH} ký tự)"),
            Field(
                "steps",
                "list",
                required=True,
                item=Field("step"),
                description=f"{POSTER_STEPS[0]}–{POSTER_STEPS[1]} bước, mỗi bước tối đa {POSTER_STEP_LENGTH} ký tự",
            ),
        ),
        description="Nội dung áp phích",
    ),
    Field(
        "video",
        "map",
        fields=(
            Field("url", "url", required=True, description="Địa chỉ video YouTube; chỉ tải khi người xem bấm"),
            Field("title", required=True, description="Tên video"),
        ),
        description="Video hướng dẫn",
    ),
)


def is_guide(src: str) -> bool:
    return posixpath.dirname(src) == GUIDES_DIR and posixpath.basename(src) != "index.md"


@dataclass(frozen=True)
class Video:
    title: str
    youtube_id: str


@dataclass(frozen=True)
class Guide:
    """What a guide's front matter adds to its page."""

    procedures: tuple[str, ...]
    poster_title: str | None
    poster_steps: tuple[str, ...]
    video: Video | None = None
