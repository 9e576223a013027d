"""Communes and towns: the schema of ``communes/<slug>/commune.yml`` and its model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portal.validate.schema import Field

KINDS = ("xã", "thị trấn", "phường")
KINDS_EN = {"xã": "Commune", "thị trấn": "Town", "phường": "Ward"}
COMMUNE_FILE = "commune.yml"
COMMUNES_DIR = "communes"

PERSON_FIELDS: tuple[Field, ...] = (
    Field("name", required=True, description="Họ và tên"),
    Field("position", required=True, description="Chức vụ"),
    Field("unit", description="Đơn vị công tác"),
    Field("phone", "phone", description="Điện thoại"),
    Field("email", "email", description="Thư điện tử"),
)

COMMUNE_FIELDS: tuple[Field, ...] = (
    Field("name", required=True, description="Tên đơn vị, không kèm 'xã'/'thị trấn': Tam Xuân I"),
    Field("kind", "choice", required=True, choices=KINDS, description="Loại đơn vị"),
    Field("code", required=True, description="Mã đơn vị hành chính (5 chữ số)"),
    Field("address", required=True, description="Địa chỉ trụ sở UBND"),
    Field("phone", "phone", required=True, description="Điện thoại"),
    Field("email", "email", required=True, description="Thư điện tử"),
    Field("leaders", "list", item=Field("leader", "map", fields=PERSON_FIELDS), description="Lãnh đạo"),
    Field(
        "focal_officials",
        "list",
        item=Field("official", "map", fields=PERSON_FIELDS),
        description="Đầu mối cung cấp thông tin",
    ),
    Field(
        "responsible",
        "map",
        fields=(Field("name", required=True), Field("position", required=True)),
        description="Người chịu trách nhiệm nội dung (mặc định: lãnh đạo đầu tiên)",
    ),
    Field("area_km2", "number", description="Diện tích tự nhiên (km²)"),
    Field("population", "int", description="Dân số (người)"),
    Field("villages", "list", item=Field("village", description="Thôn, khối phố"), description="Thôn, khối phố"),
    Field("site_url", "url", description="Địa chỉ riêng của trang xã khi triển khai độc lập"),
    Field("valid_from", "date", description="Ngày thành lập"),
    Field("valid_to", "date", description="Ngày cuối cùng đơn vị tồn tại (trước khi sáp nhập)"),
    Field("merged_into", description="Mã đơn vị được sáp nhập vào"),
    Field("nav", "raw", description="Thanh điều hướng riêng (cú pháp 'nav' của mkdocs.yml)"),
)


@dataclass(frozen=True)
class Person:
    """A leader or focal official, published with position and contacts (Decree 42/2022)."""

    name: str
    position: str
    unit: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class Commune:
    """A commune or town with its own site under ``communes/<slug>/``."""

    slug: str
    rel: str
    name: str
    kind: str
    code: str
    address: str
    phone: str
    email: str
    leaders: list[Person] = field(default_factory=list)
    focal_officials: list[Person] = field(default_factory=list)
    responsible: Person | None = None
    area_km2: float | None = None
    population: int | None = None
    villages: list[str] = field(default_factory=list)
    site_url: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    merged_into: str | None = None
    nav: Any = None

    @property
    def title(self) -> str:
        """``xã Tam Xuân I``, as written inside a sentence."""
        return f"{self.kind} {self.name}"

    @property
    def heading(self) -> str:
        """``Xã Tam Xuân I``, at the start of a line."""
        return self.title[0].upper() + self.title[1:]

    @property
    def name_en(self) -> str:
        return f"{self.name} {KINDS_EN[self.kind]}"
