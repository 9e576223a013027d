"""Administrative procedures (Decree 63/2010 Art. 8, as amended by Decree 92/2017): schema and model.

One YAML record per procedure in ``content/thu-tuc/``. The schema is defined once here; it
drives validation, the JSON Schema for editors' IDEs and the ``new procedure`` scaffold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from portal.model.document import Document
from portal.validate.schema import Field

PROCEDURES_DIR = "thu-tuc"
LEVELS = ("Cấp tỉnh", "Cấp huyện", "Cấp xã")
COMMUNE_LEVEL = "Cấp xã"
FULLY_ONLINE = "toàn trình"
PARTLY_ONLINE = "một phần"
SERVICE_LEVELS = (FULLY_ONLINE, PARTLY_ONLINE)
CHANNELS = ("Trực tiếp", "Bưu chính", "Trực tuyến")
FORM_TYPES = (".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods")

PROCEDURE_FIELDS: tuple[Field, ...] = (
    Field("name", required=True, description="Tên thủ tục hành chính"),
    Field("code", required=True, description="Mã thủ tục trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001193"),
    Field("field", required=True, description="Lĩnh vực, ví dụ Hộ tịch"),
    Field("level", "choice", required=True, choices=LEVELS, description="Cấp thực hiện"),
    Field(
        "service_level",
        "choice",
        choices=SERVICE_LEVELS,
        description="Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP, Điều 11); bỏ trống nếu không có",
    ),
    Field("national_url", "url", description="Địa chỉ dịch vụ trên Cổng Dịch vụ công quốc gia"),
    Field("agency", required=True, description="Cơ quan thực hiện"),
    Field("applicants", required=True, description="Đối tượng thực hiện"),
    Field("steps", "list", required=True, item=Field("step", "markdown"), description="Trình tự thực hiện"),
    Field(
        "channels",
        "list",
        required=True,
        item=Field(
            "channel",
            "map",
            fields=(
                Field("kind", "choice", required=True, choices=CHANNELS, description="Cách thức"),
                Field("time", required=True, description="Thời hạn giải quyết"),
                Field("fee", required=True, description="Phí, lệ phí ('Không' nếu miễn)"),
                Field("note", description="Ghi chú"),
            ),
        ),
        description="Cách thức thực hiện, mỗi cách với thời hạn và phí, lệ phí",
    ),
    Field(
        "documents",
        "list",
        required=True,
        item=Field(
            "document",
            "map",
            fields=(
                Field("name", required=True, description="Tên giấy tờ"),
                Field("copies", description="Số lượng, loại bản: 01 bản chính"),
            ),
        ),
        description="Thành phần hồ sơ",
    ),
    Field("copies", description="Số lượng hồ sơ, ví dụ 01 bộ"),
    Field("result", required=True, description="Kết quả thực hiện"),
    Field("conditions", "list", item=Field("condition"), description="Yêu cầu, điều kiện thực hiện"),
    Field(
        "forms",
        "list",
        item=Field(
            "form",
            "map",
            fields=(
                Field("file", required=True, description="Tệp mẫu đơn, tờ khai đặt trong thư mục thu-tuc/"),
                Field("title", required=True, description="Tên mẫu đơn, tờ khai"),
            ),
        ),
        description="Mẫu đơn, mẫu tờ khai tải về",
    ),
    Field(
        "legal_basis",
        "list",
        required=True,
        item=Field(
            "basis",
            "map",
            fields=(
                Field("number", description="Số, ký hiệu của văn bản có trong legal-db (được liên kết)"),
                Field("issuer", description="Mã cơ quan ban hành, khi số văn bản trùng giữa các cơ quan"),
                Field("title", description="Tên văn bản không có trong legal-db, ví dụ Luật Hộ tịch năm 2014"),
            ),
        ),
        description="Căn cứ pháp lý",
    ),
    Field("sample", "bool", description="Dữ liệu mẫu, không dùng để làm thủ tục thật"),
)

PROCEDURE_RECORD = Field("procedure", "map", fields=PROCEDURE_FIELDS, description="Thủ tục hành chính")


@dataclass(frozen=True)
class Channel:
    kind: str
    time: str
    fee: str
    note: str | None = None


@dataclass(frozen=True)
class Form:
    """A downloadable form, published beside the procedure's page."""

    source: str
    name: str
    title: str
    size: int


@dataclass(frozen=True)
class Basis:
    """A legal basis: a document of the database (linked) or the title of an outside text."""

    title: str
    document: Document | None = None


@dataclass
class Procedure:
    """A validated administrative procedure."""

    rel: str
    slug: str
    name: str
    code: str
    field: str
    level: str
    agency: str
    applicants: str
    steps: tuple[str, ...]
    channels: tuple[Channel, ...]
    documents: tuple[tuple[str, str | None], ...]
    result: str
    legal_basis: tuple[Basis, ...]
    service_level: str | None = None
    national_url: str | None = None
    copies: str | None = None
    conditions: tuple[str, ...] = ()
    forms: tuple[Form, ...] = ()
    sample: bool = False
    updated: date | None = None
    """Last change of the record (git); set by the pipeline."""
    guides: list[tuple[str, str, str]] = field(default_factory=list)
    """(site slug, page URL, title) of every guide that teaches it; filled when guides are linked."""

    @property
    def url(self) -> str:
        return f"{PROCEDURES_DIR}/{self.slug}/"

    @property
    def online(self) -> bool:
        return self.service_level is not None

    @property
    def for_communes(self) -> bool:
        return self.level == COMMUNE_LEVEL
