"""``new``: scaffold a page, news post, procedure, guide or document with its required keys filled in."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

from portal.load.legaldb import LEGAL_DB_DIR, read_records
from portal.load.yamlsource import YamlMap
from portal.model.document import NUMBER, RECORD_FIELD, TYPE_ABBREVIATIONS, number_slug
from portal.model.guide import GUIDES_DIR, POSTER_STEP_LENGTH, POSTER_STEPS, POSTER_TITLE_LENGTH
from portal.model.page import NEWS_CATEGORIES, NEWS_DIR
from portal.model.procedure import LEVELS, PROCEDURE_RECORD, PROCEDURES_DIR
from portal.problems import Problems
from portal.validate.schema import Field, json_schema
from portal.validate.settings import DOCS_DIR, SLUG
from portal.vietnamese import slugify

SCHEMA_FILE = "schema.json"
PROCEDURE_SCHEMA_FILE = ".schema.json"
OUTSIDE_FOLDER = "ngoai"

_PATH = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


class ScaffoldError(Exception):
    """The request cannot be scaffolded (bad path, file exists); the message says why."""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _file_slug(title: str) -> str:
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("tiêu đề cần có chữ hoặc số để đặt tên tệp")
    return slug


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
    slug = _file_slug(title)
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


def _schema(field: Field, title: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **json_schema(field)}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def document_schema() -> str:
    """The JSON Schema of a legal-document record, generated from the one schema in code."""
    return _schema(RECORD_FIELD, "Văn bản trong cơ sở dữ liệu văn bản của cổng thông tin")


def procedure_schema() -> str:
    """The JSON Schema of a procedure record (a dot-file, so it is never published)."""
    return _schema(PROCEDURE_RECORD, "Thủ tục hành chính của cổng thông tin")


def write_schemas(root: Path) -> list[Path]:
    written = []
    for path, text in (
        (root / LEGAL_DB_DIR / SCHEMA_FILE, document_schema()),
        (root / DOCS_DIR / PROCEDURES_DIR / PROCEDURE_SCHEMA_FILE, procedure_schema()),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def new_procedure(root: Path, title: str, level: str, field: str, code: str) -> Path:
    """A valid record with every required key, its placeholders saying what to write."""
    if level not in LEVELS:
        raise ScaffoldError(f"cấp thực hiện phải là một trong: {', '.join(LEVELS)}")
    slug = _file_slug(title)
    text = (
        f"# yaml-language-server: $schema={PROCEDURE_SCHEMA_FILE}\n"
        f"name: {_quote(title)}\n"
        f"code: {_quote(code)}\n"
        f"field: {_quote(field)}\n"
        f"level: {level}\n"
        "# Nếu có dịch vụ công trực tuyến: mức độ (toàn trình hoặc một phần), địa chỉ trên Cổng DVC quốc gia,\n"
        "# và thêm cách thức 'Trực tuyến' vào channels.\n"
        "# service_level: toàn trình\n"
        "# national_url: https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=…\n"
        "agency: Ghi cơ quan thực hiện\n"
        "applicants: Ghi đối tượng thực hiện\n"
        "steps:\n  - Ghi bước 1 của trình tự thực hiện\n  - Ghi bước 2\n"
        "channels:\n  - kind: Trực tiếp\n    time: Ghi thời hạn giải quyết\n    fee: Ghi phí, lệ phí hoặc Không\n"
        "documents:\n  - name: Ghi tên giấy tờ trong hồ sơ\n    copies: 01 bản chính\n"
        "copies: 01 bộ\n"
        "result: Ghi kết quả thực hiện\n"
        "# conditions:\n#   - Ghi yêu cầu, điều kiện\n"
        "# forms:\n#   - file: bieu-mau/ten-mau.pdf\n#     title: Tên mẫu đơn\n"
        "legal_basis:\n  - title: Ghi tên văn bản là căn cứ pháp lý\n"
        "#  - number: 123/QĐ-UBND   # văn bản có trong legal-db được liên kết\n"
    )
    return _write(root, f"{PROCEDURES_DIR}/{slug}.yml", text)


def new_guide(root: Path, title: str, procedures: list[str], today: date) -> Path:
    slug = _file_slug(title)
    text = (
        "---\n"
        f"title: {_quote(title)}\n"
        "description: Một câu tóm tắt hướng dẫn\n"
        f"updated: {today.isoformat()}\n"
        f"procedures: [{', '.join(procedures)}]\n"
        "poster:\n"
        f"  # title: Tiêu đề ngắn cho áp phích (tối đa {POSTER_TITLE_LENGTH} ký tự)\n"
        f"  steps:  # {POSTER_STEPS[0]} đến {POSTER_STEPS[1]} bước, mỗi bước tối đa {POSTER_STEP_LENGTH} ký tự\n"
        "    - Đăng nhập dichvucong.gov.vn bằng tài khoản VNeID\n"
        "    - Tìm thủ tục, chọn Nộp trực tuyến\n"
        "    - Kê khai, đính kèm giấy tờ và nộp hồ sơ\n"
        "# video:\n#   url: https://www.youtube.com/watch?v=…\n#   title: Tên video\n"
        "---\n\n"
        f"# {title}\n\n"
        "## Chuẩn bị\n\n- Ghi giấy tờ cần chuẩn bị\n\n"
        "## Các bước thực hiện\n\n1. Ghi bước thứ nhất.\n2. Ghi bước thứ hai.\n\n"
        "## Lưu ý\n\n- Ghi lưu ý\n"
    )
    return _write(root, f"{GUIDES_DIR}/{slug}.md", text)


def next_number(root: Path, issuer: str, kind: str, year: int, symbol: str) -> str:
    """The next free number of ``symbol`` for the issuer and year (numbers restart every year)."""
    highest = 0
    for record in read_records(root, Problems()):
        data = record.data
        if not isinstance(data, YamlMap) or data.get("issuer") != issuer or data.get("type") != kind:
            continue
        match = NUMBER.match(str(data.get("number", "")))
        if match and match["symbol"] == symbol and str(data.get("issued", ""))[:4] == str(year):
            highest = max(highest, int(match["seq"]))
    return f"{highest + 1}/{symbol}"


def new_document(root: Path, issuer: str, kind: str, title: str, day: date, unit: str) -> Path:
    if kind not in TYPE_ABBREVIATIONS:
        raise ScaffoldError(f"loại văn bản phải là một trong: {', '.join(TYPE_ABBREVIATIONS)}")
    abbreviation = TYPE_ABBREVIATIONS[kind]
    symbol = f"{abbreviation}-{unit}" if abbreviation else f"{unit}-VP" if "-" not in unit else unit
    number = next_number(root, issuer, kind, day.year, symbol)
    folder = issuer if SLUG.match(issuer) else OUTSIDE_FOLDER
    path = root / LEGAL_DB_DIR / folder / str(day.year) / f"{number_slug(number)}.yml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} đã tồn tại; không ghi đè")
    text = (
        "# yaml-language-server: $schema=../../schema.json\n"
        f"number: {number}\n"
        f"type: {kind}\n"
        f"title: {_quote(title)}\n"
        f"issuer: {_quote(issuer)}\n"
        "# signer:\n#   name: Họ và tên\n#   position: Chức vụ\n"
        f"issued: {day.isoformat()}\n"
        "# effective: YYYY-MM-DD\n"
        "# fields: [Lĩnh vực]\n"
        "# relations:\n#   based_on: [số văn bản căn cứ]\n"
        "# attachments:\n#   - file: tên-tệp.pdf\n#     title: Bản scan có chữ ký\n"
        "body: |\n  Tóm tắt nội dung văn bản.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_schema(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    for path in write_schemas(root):
        print(f"Đã ghi {path.relative_to(root).as_posix()}.")
    return 0


def run_new(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    day = date.fromisoformat(args.date) if getattr(args, "date", None) else date.today()
    try:
        if args.kind == "page":
            path = new_page(root, args.path, args.title, day)
            hint = "Thêm trang vào mục 'nav' trong mkdocs.yml để trang hiện trên thanh điều hướng."
        elif args.kind == "procedure":
            path = new_procedure(root, args.title, args.level, args.field, args.code)
            hint = "Điền các thông tin còn lại theo Cơ sở dữ liệu quốc gia về TTHC rồi chạy: python build.py check"
        elif args.kind == "guide":
            path = new_guide(root, args.title, args.procedure, day)
            hint = (
                "Viết các bước, thêm ảnh chụp màn hình rồi chạy: python build.py serve để xem, in tờ rơi và áp phích."
            )
        elif args.kind == "document":
            path = new_document(root, args.issuer, args.type, args.title, day, args.unit)
            hint = "Điền các thông tin còn lại rồi chạy: python build.py check"
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
