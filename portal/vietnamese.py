"""Vietnamese text rules shared by every stage: accent folding, slugs and date formats."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

_COMBINING = re.compile(r"[\u0300-\u036f]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_D = str.maketrans("đĐðÐ", "dDdD")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics (``Đường`` → ``Duong``); citizens often type without them."""
    decomposed = unicodedata.normalize("NFD", text)
    # The Icelandic eth (Ð, ð) looks like Đ and is what some keyboards and fonts produce.
    stripped = _COMBINING.sub("", decomposed).translate(_D)
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=65_536)
def slugify(value: str, separator: str = "-") -> str:
    """ASCII slug for URLs and heading anchors (``Lãnh đạo`` → ``lanh-dao``).

    The signature matches Python-Markdown's ``toc`` slugify so headings and the link
    checker agree on anchors. Remembered: listings slug the same types, fields and statuses
    hundreds of thousands of times in a large portal.
    """
    return _NOT_SLUG.sub(separator, fold(value).lower()).strip(separator)


def long_date(value: date) -> str:
    """The form used on documents: ``ngày 05 tháng 02 năm 2024``."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def short_date(value: date) -> str:
    """The form used in tables: ``05/02/2024``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
