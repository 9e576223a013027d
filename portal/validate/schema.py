"""A small declarative schema for YAML inputs, so each record kind is described once.

Validation walks the located YAML (``YamlMap``/``YamlList``) and reports every problem
at the line and column of the offending key or value, with "did you mean" hints for
misspelt keys. It returns clean Python values (dates parsed) for the model stage.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.load.yamlsource import Mark, YamlList, YamlMap
from portal.problems import Problems

_HTML = re.compile(r"<\s*[A-Za-z/!?]")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{6,18}[0-9]$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

_TYPE_NAMES = {
    "text": "một chuỗi văn bản",
    "markdown": "một đoạn văn bản Markdown",
    "date": "một ngày dạng YYYY-MM-DD",
    "bool": "true hoặc false",
    "int": "một số nguyên",
    "number": "một số",
    "email": "một địa chỉ thư điện tử",
    "phone": "một số điện thoại",
    "url": "một địa chỉ http(s)://",
    "choice": "một trong các giá trị cho phép",
    "list": "một danh sách",
    "map": "các cặp 'khóa: giá trị'",
}


@dataclass(frozen=True)
class Field:
    """One key of a record: its type, whether it is required, allowed values, nested fields."""

    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    item: Field | None = None
    description: str = ""


@dataclass
class Checker:
    """Validates values of one file, collecting problems under its path."""

    path: str
    problems: Problems
    allow_markup: bool = False
    """True where every value is rendered through an escaping template (legal records)."""

    def report(self, mark: Mark, message: str) -> None:
        self.problems.add(self.path, mark.line, mark.column, message)

    def mapping(self, data: Any, fields: tuple[Field, ...], mark: Mark, where: str = "") -> dict[str, Any]:
        """Check a mapping against its fields; unknown keys get a suggestion."""
        if not isinstance(data, YamlMap):
            self.report(mark, f"{where or 'giá trị'} phải là {_TYPE_NAMES['map']}")
            return {}
        known = {field.name: field for field in fields}
        clean: dict[str, Any] = {}
        for key in data:
            if key not in known:
                self.report(data.key_mark(key), _unknown_key(str(key), list(known), where))
        marks = data.value_marks()
        for field in fields:
            label = f"{where}.{field.name}" if where else field.name
            if field.name not in data or data[field.name] is None:
                if field.required:
                    self.report(data.mark, f"thiếu khóa bắt buộc '{label}'")
                continue
            value = self.value(data[field.name], field, marks.get(field.name) or data.mark, label)
            if value is not None:
                clean[field.name] = value
        return clean

    def value(self, value: Any, field: Field, mark: Mark, label: str) -> Any:
        """Check one value against its field; returns the clean value or None."""
        kind = field.type
        if kind == "raw":
            return value
        if kind == "map":
            return self.mapping(value, field.fields, mark, label)
        if kind == "list":
            if not isinstance(value, YamlList):
                self.report(mark, f"'{label}' phải là {_TYPE_NAMES['list']}")
                return None
            assert field.item is not None
            items = [
                self.value(item, field.item, value.item_mark(i), f"{label}[{i + 1}]") for i, item in enumerate(value)
            ]
            return [item for item in items if item is not None]
        if kind == "bool":
            if isinstance(value, bool):
                return value
            return self._wrong_type(mark, label, kind)
        if kind == "int":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self._wrong_type(mark, label, kind)
        if kind == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            return self._wrong_type(mark, label, kind)
        if kind == "date":
            return self._date(value, mark, label)
        if not isinstance(value, str) or isinstance(value, bool):
            if kind == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            else:
                return self._wrong_type(mark, label, kind)
        return self._text(value, field, mark, label)

    def _text(self, value: str, field: Field, mark: Mark, label: str) -> str | None:
        text = value.strip()
        if not text:
            self.report(mark, f"'{label}' không được để trống")
            return None
        if not self.allow_markup and _HTML.search(text):
            self.report(mark, f"'{label}' không được chứa mã HTML (thẻ '<…>'); hãy viết văn bản thuần")
            return None
        checks = {"email": _EMAIL, "phone": _PHONE, "url": _URL}
        if field.type in checks and not checks[field.type].match(text):
            self.report(mark, f"'{label}' phải là {_TYPE_NAMES[field.type]}, không phải '{text}'")
            return None
        if field.type == "choice" and text not in field.choices:
            hint = _suggest(text, list(field.choices))
            allowed = ", ".join(field.choices)
            self.report(mark, f"'{label}' không nhận giá trị '{text}'{hint}; giá trị cho phép: {allowed}")
            return None
        return text

    def _date(self, value: Any, mark: Mark, label: str) -> date | None:
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return self._wrong_type(mark, label, "date")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            self.report(mark, f"'{label}': ngày '{value}' không tồn tại")
            return None

    def _wrong_type(self, mark: Mark, label: str, kind: str) -> None:
        self.report(mark, f"'{label}' phải là {_TYPE_NAMES[kind]}")
        return None


_JSON_TYPES = {
    "text": {"type": "string", "minLength": 1},
    "markdown": {"type": "string"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "raw": {},
    "email": {"type": "string", "format": "email"},
    "phone": {"type": "string", "pattern": _PHONE.pattern},
    "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
}


def json_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of a field, so editors' IDEs validate and complete as they type."""
    schema: dict[str, Any]
    if field.type == "map":
        schema = {
            "type": "object",
            "properties": {sub.name: json_schema(sub) for sub in field.fields},
            "additionalProperties": False,
        }
        required = [sub.name for sub in field.fields if sub.required]
        if required:
            schema["required"] = required
    elif field.type == "list":
        assert field.item is not None
        schema = {"type": "array", "items": json_schema(field.item)}
    elif field.type == "choice":
        schema = {"type": "string", "enum": list(field.choices)}
    else:
        schema = dict(_JSON_TYPES[field.type])
    if field.description:
        schema["description"] = field.description
    return schema


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (có phải ý bạn là '{close[0]}'?)" if close else ""


def _unknown_key(key: str, known: list[str], where: str) -> str:
    scope = f" trong '{where}'" if where else ""
    return f"khóa không được hỗ trợ '{key}'{scope}{_suggest(key, known)}"
