"""Reading text files of the repository: UTF-8 only, BOM and CRLF tolerated."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from portal.problems import Problems

_READ: dict[str, bytes] = {}
"""Files already read by this build (``already_read``), each taken by its first ``read_text``."""


@contextmanager
def already_read(contents: dict[str, bytes]) -> Iterator[None]:
    """Have ``read_text`` take a file's bytes from ``contents`` (by path) instead of reading it
    again, while the block runs; what it did not take is dropped after."""
    global _READ
    _READ = contents
    try:
        yield
    finally:
        _READ = {}
        contents.clear()


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Return the file's text (NFC, LF line ends), or None after reporting why it cannot be read."""
    try:
        raw = _READ.pop(str(path), None)
        if raw is None:
            raw = path.read_bytes()
    except OSError as error:
        problems.add(rel, 1, 1, f"không đọc được tệp: {error.strerror}")
        return None
    try:
        return decoded(raw)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(rel, line, 1, "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8")
        return None


def decoded(raw: bytes) -> str:
    """A file's bytes as the generator reads text: UTF-8 (a BOM dropped), LF line ends, NFC.

    Raises ``UnicodeDecodeError`` for bytes that are not UTF-8.
    """
    text = raw.decode("utf-8-sig")
    # Composed form: "Hòa" typed with combining accents must match, slug and sort like any other.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def relative(path: Path, root: Path) -> str:
    """The repository-relative POSIX path used in every message."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
