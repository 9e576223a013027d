"""The portal's own settings, kept under ``extra.portal`` in ``mkdocs.yml``."""

from __future__ import annotations

from dataclasses import dataclass

from portal.validate.schema import Field

AGENCY_FIELDS: tuple[Field, ...] = (
    Field("name", required=True, description="Tên cơ quan, ví dụ: Ủy ban nhân dân huyện Núi Thành"),
    Field("name_en", required=True, description="Tên tiếng Anh của cơ quan"),
    Field("parent", description="Cấp trên, ví dụ: Tỉnh Quảng Nam"),
    Field("address", required=True, description="Địa chỉ trụ sở"),
    Field("phone", "phone", required=True, description="Điện thoại"),
    Field("fax", "phone", description="Fax"),
    Field("email", "email", required=True, description="Thư điện tử"),
    Field("hours", description="Giờ làm việc"),
)

PORTAL_FIELDS: tuple[Field, ...] = (
    Field("slug", required=True, description="Mã đơn vị (chữ thường không dấu), dùng làm 'issuer' trong legal-db"),
    Field("max_attachment_mb", "int", description="Dung lượng tối đa của một tệp đính kèm văn bản (MB), mặc định 20"),
    Field("sample_data", "bool", description="Toàn bộ nội dung là dữ liệu mẫu: hiện dải cảnh báo trên mọi trang"),
    Field("agency", "map", required=True, fields=AGENCY_FIELDS, description="Cơ quan chủ quản"),
    Field(
        "responsible",
        "map",
        required=True,
        fields=(Field("name", required=True), Field("position", required=True)),
        description="Người chịu trách nhiệm nội dung",
    ),
)


@dataclass(frozen=True)
class Agency:
    """The agency that publishes a site, shown in every footer."""

    name: str
    name_en: str
    address: str
    phone: str
    email: str
    parent: str | None = None
    fax: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class Responsible:
    """The person legally responsible for the content (Decree 42/2022)."""

    name: str
    position: str


@dataclass(frozen=True)
class Settings:
    """What the generator needs from ``mkdocs.yml`` beyond the engine's own keys."""

    site_name: str
    site_url: str
    slug: str
    agency: Agency
    responsible: Responsible
    sample_data: bool = False
    max_attachment_mb: int = 20
