"""Legal and directive documents: the record's schema (defined once) and its model.

The schema drives validation, the JSON Schema published for editors' IDEs and the
scaffold of ``new document``; nothing else restates the list of keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from portal.validate.schema import Field
from portal.vietnamese import slugify

# Decree 30/2020/NĐ-CP, Appendix III: document types and their abbreviations.
# Công văn carries no type abbreviation: its symbol is the issuer and the drafting unit.
TYPE_ABBREVIATIONS: dict[str, str | None] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QYĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công văn": None,
    "Công điện": "CĐ",
    "Bản ghi nhớ": "GN",
    "Bản thỏa thuận": "TTh",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
}
TYPES = tuple(TYPE_ABBREVIATIONS)

STATUS_IN_FORCE = "còn hiệu lực"
STATUS_EXPIRED = "hết hiệu lực toàn bộ"
STATUS_PARTLY_EXPIRED = "hết hiệu lực một phần"
STATUS_SUSPENDED = "ngưng hiệu lực"
STATUS_NOT_YET = "chưa có hiệu lực"
STATUSES = (STATUS_IN_FORCE, STATUS_EXPIRED, STATUS_PARTLY_EXPIRED, STATUS_SUSPENDED, STATUS_NOT_YET)

# Relation key → (label on this document, label on the target, ending the target's force).
RELATIONS: dict[str, tuple[str, str, bool]] = {
    "based_on": ("Căn cứ", "Là căn cứ của", False),
    "amends": ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi", False),
    "replaces": ("Thay thế", "Bị thay thế bởi", True),
    "repeals": ("Bãi bỏ", "Bị bãi bỏ bởi", True),
    "guides": ("Hướng dẫn", "Được hướng dẫn bởi", False),
}

ATTACHMENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}

NUMBER = re.compile(r"^(?P<seq>\d+)(?:/(?P<year>\d{4}))?/(?P<symbol>[^\s/]+)$")

_NUMBER_LIST = Field("number", description="Số, ký hiệu của văn bản liên quan")

DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("number", required=True, description="Số, ký hiệu: 123/QĐ-UBND, 05/2019/NQ-HĐND, 456/UBND-VP"),
    Field("type", "choice", required=True, choices=TYPES, description="Loại văn bản (Nghị định 30/2020/NĐ-CP)"),
    Field("title", required=True, description="Trích yếu nội dung"),
    Field("issuer", required=True, description="Cơ quan ban hành: mã huyện/xã (ví dụ nui-thanh) hoặc tên cơ quan khác"),
    Field(
        "signer",
        "map",
        fields=(Field("name", required=True, description="Họ và tên"), Field("position", description="Chức vụ")),
        description="Người ký",
    ),
    Field("issued", "date", required=True, description="Ngày ban hành (YYYY-MM-DD)"),
    Field("effective", "date", description="Ngày có hiệu lực (YYYY-MM-DD)"),
    Field("expires", "date", description="Ngày hết hiệu lực (YYYY-MM-DD)"),
    Field("status", "choice", choices=STATUSES, description="Tình trạng hiệu lực; bỏ trống để tự tính"),
    Field("fields", "list", item=Field("field", description="Lĩnh vực"), description="Lĩnh vực"),
    Field(
        "relations",
        "map",
        fields=tuple(Field(key, "list", item=_NUMBER_LIST, description=labels[0]) for key, labels in RELATIONS.items()),
        description="Quan hệ với văn bản khác (chỉ ghi một chiều; chiều ngược lại tự tính)",
    ),
    Field(
        "attachments",
        "list",
        item=Field(
            "attachment",
            "map",
            fields=(
                Field("file", required=True, description="Tên tệp đặt cạnh tệp YAML"),
                Field("title", description="Tên hiển thị"),
            ),
        ),
        description="Tệp đính kèm",
    ),
    Field("vbpl_url", "url", description="Liên kết tới Cơ sở dữ liệu quốc gia về văn bản pháp luật"),
    Field("sample", "bool", description="Văn bản mẫu, không có giá trị pháp lý"),
    Field("body", "markdown", description="Toàn văn hoặc tóm tắt (Markdown)"),
)

RECORD_FIELD = Field("document", "map", fields=DOCUMENT_FIELDS, description="Văn bản")


def number_slug(number: str) -> str:
    """The URL segment of a number: ``123/QĐ-UBND`` → ``123-qd-ubnd``."""
    return slugify(number)


@dataclass
class Attachment:
    """A file published with a document; size and hash are computed at build time."""

    source: str
    name: str
    title: str
    size: int
    sha256: str
    mime: str


@dataclass
class Document:
    """A validated legal or directive document."""

    rel: str
    number: str
    type: str
    title: str
    issuer: str
    issuer_name: str
    issued: date
    site: str
    signer_name: str | None = None
    signer_position: str | None = None
    effective: date | None = None
    expires: date | None = None
    declared_status: str | None = None
    fields: tuple[str, ...] = ()
    references: dict[str, list[str]] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    vbpl_url: str | None = None
    sample: bool = False
    body: str | None = None
    updated: date | None = None
    """Last change of the record (git), else its issue date; set by the pipeline."""
    status: str = STATUS_IN_FORCE
    relations: dict[str, list[Document]] = field(default_factory=dict)
    inverse: dict[str, list[Document]] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def slug(self) -> str:
        return number_slug(self.number)

    @cached_property
    def url(self) -> str:
        """Asked for by every listing, feed and relation that shows the document: computed once."""
        return f"van-ban/{self.year}/{self.slug}/"

    @property
    def related(self) -> bool:
        """Whether the page lists related documents, either way (one test instead of a loop per page)."""
        return any(self.relations.values()) or any(self.inverse.values())

    @property
    def key(self) -> tuple[str, int, str]:
        """Numbers are unique per issuer and year."""
        return (self.issuer, self.year, self.number)

    @property
    def sort_key(self) -> tuple[date, str, str]:
        """Newest first when sorted in reverse; ties broken by issuer and number."""
        return (self.issued, self.issuer, self.number)
