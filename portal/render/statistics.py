"""The statistics page of a site: the online share over time and online applications by procedure."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from portal.model.site import Site
from portal.model.statistics import MonthRow
from portal.render.charts import bar_chart, line_chart, percent
from portal.render.generated import Output

URL = "thong-ke/"
TOP_PROCEDURES = 10


@dataclass(frozen=True)
class Total:
    """Applications of one month, or of one site over the period."""

    label: str
    online: int
    in_person: int

    @property
    def total(self) -> int:
        return self.online + self.in_person

    @property
    def share(self) -> float:
        return 100 * self.online / self.total if self.total else 0.0


def _sum(label: str, rows: list[MonthRow]) -> Total:
    return Total(label, sum(row.online for row in rows), sum(row.in_person for row in rows))


def render_statistics(site: Site, env: Environment, output: Output) -> None:
    rows = site.statistics
    if not rows:
        return
    months = sorted({row.month for row in rows})
    by_month = [_sum(_month_label(month), [row for row in rows if row.month == month]) for month in months]
    counts: dict[str, int] = {}
    for row in rows:
        for slug, count in row.by_procedure.items():
            counts[slug] = counts.get(slug, 0) + count
    procedures = site.procedures_by_slug
    top = sorted(((procedures[slug], count) for slug, count in counts.items()), key=lambda t: (-t[1], t[0].name))
    top = top[:TOP_PROCEDURES]
    unit = "toàn huyện" if site.is_district else site.label
    period = f"từ tháng {_month_label(months[0])} đến tháng {_month_label(months[-1])}"
    share_desc = ", ".join(f"{total.label}: {percent(total.share)}" for total in by_month)
    procedure_desc = ", ".join(f"{procedure.name}: {count}" for procedure, count in top)
    sites = []
    if site.is_district:
        for unit_site in [site, *site.communes]:
            members = [row for row in rows if row.site == unit_site.slug]
            if members:
                sites.append(_sum(unit_site.label, members))
    output.appendices[URL] = env.get_template("statistics.html").render(
        site=site,
        unit=unit,
        period=period,
        by_month=by_month,
        overall=_sum(unit, rows),
        top=[(procedure.name, site.procedure_href(procedure, URL), count) for procedure, count in top],
        sites=sites,
        share_chart=line_chart(
            "ty-le-truc-tuyen",
            [(total.label, total.share) for total in by_month],
            f"Tỷ lệ hồ sơ nộp trực tuyến theo tháng, {unit}",
            f"Tỷ lệ phần trăm hồ sơ nộp trực tuyến {period}: {share_desc}.",
        ),
        procedure_chart=bar_chart(
            "theo-thu-tuc",
            [(procedure.name, count) for procedure, count in top],
            f"Hồ sơ trực tuyến theo thủ tục, {unit}",
            f"Số hồ sơ nộp trực tuyến {period} của {len(top)} thủ tục nhiều nhất: {procedure_desc}.",
        )
        if top
        else "",
        sample=site.statistics_sample,
    )


def _month_label(month: str) -> str:
    """``2024-03`` → ``03/2024``."""
    year, number = month.split("-")
    return f"{number}/{year}"
