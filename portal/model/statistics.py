"""Applications received per month, online and in person, per site: the schema and the model.

The data file lives at ``content/thong-ke/ho-so.yml``; the statistics pages chart it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.validate.schema import Field

STATISTICS_FILE = "thong-ke/ho-so.yml"

STATISTICS_FIELDS: tuple[Field, ...] = (
    Field("sample", "bool", description="Số liệu mẫu, không phải số liệu thật"),
    Field(
        "rows",
        "list",
        required=True,
        item=Field(
            "row",
            "map",
            fields=(
                Field("month", required=True, description="Tháng, dạng YYYY-MM"),
                Field("site", required=True, description="Mã huyện hoặc xã tiếp nhận hồ sơ"),
                Field("online", "int", required=True, description="Số hồ sơ nộp trực tuyến"),
                Field("in_person", "int", required=True, description="Số hồ sơ nộp trực tiếp, qua bưu chính"),
                Field("by_procedure", "raw", description="Hồ sơ trực tuyến theo thủ tục: mã thủ tục: số hồ sơ"),
            ),
        ),
        description="Mỗi dòng: một tháng của một đơn vị",
    ),
)


@dataclass(frozen=True)
class MonthRow:
    """Applications one site received in one month."""

    month: str
    site: str
    online: int
    in_person: int
    by_procedure: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.online + self.in_person


@dataclass(frozen=True)
class Statistics:
    rows: tuple[MonthRow, ...] = ()
    sample: bool = False

    def for_site(self, slug: str | None) -> list[MonthRow]:
        """One site's rows, or every site's when ``slug`` is None."""
        return [row for row in self.rows if slug is None or row.site == slug]
