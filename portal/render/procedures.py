"""Procedures: one page each, the filterable catalogue, and the propaganda team's coverage page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment

from portal.model.guide import GUIDES_DIR
from portal.model.procedure import LEVELS, PROCEDURES_DIR, SERVICE_LEVELS, Procedure
from portal.model.site import Site
from portal.render.generated import GeneratedPage, Output, script_json
from portal.render.markdown import remember, untrusted_markdown

CATALOGUE_URL = f"{PROCEDURES_DIR}/"
COVERAGE_URL = f"{GUIDES_DIR}/bao-phu/"


def render_procedures(site: Site, env: Environment, output: Output) -> None:
    if not site.procedures:
        return
    page = env.get_template("procedure.html")
    head = env.get_template("procedure-head.html")
    for procedure in site.procedures:
        context = {"p": procedure, "site": site, "origin": procedure.url, "agency": _agency(site, procedure)}
        context["steps"] = _steps(procedure.steps)
        output.pages.append(
            GeneratedPage(
                url=procedure.url,
                title=procedure.name,
                description=f"Thủ tục {procedure.name}: trình tự, hồ sơ, thời hạn, phí và cách nộp trực tuyến.",
                body=page.render(context),
                head=head.render(json_ld=_json_ld(site, procedure)),
                updated=procedure.updated or site.newest_update,
            )
        )
    catalogue = env.get_template("procedures.html").render(
        site=site,
        origin=CATALOGUE_URL,
        groups=_by_field(site.procedures),
        fields=sorted({procedure.field for procedure in site.procedures}),
        levels=[level for level in LEVELS if any(p.level == level for p in site.procedures)],
        service_levels=SERVICE_LEVELS,
        online=sum(procedure.online for procedure in site.procedures),
    )
    output.appendices[CATALOGUE_URL] = catalogue
    if site.is_district:
        _coverage(site, env, output)


def _steps(steps: tuple[str, ...]) -> tuple[str, ...]:
    """The steps' HTML, converted once per process (``_converted``), and kept for the next build
    with each site's conversions all the same."""
    html = _converted(steps)
    for step, converted in zip(steps, html, strict=True):
        remember(step, converted)
    return html


@lru_cache(maxsize=4096)
def _converted(steps: tuple[str, ...]) -> tuple[str, ...]:
    """A commune-level procedure's steps are the same text on the district's site and on each
    commune's (8,800 conversions of 1,100 texts for the scale portal's 18 sites, 0.33 s)."""
    return tuple(untrusted_markdown(step) for step in steps)


def _agency(site: Site, procedure: Procedure) -> str:
    """On a commune's site the commune's own People's Committee handles its commune-level procedures."""
    return site.settings.agency.name if site.commune is not None and procedure.for_communes else procedure.agency


def _by_field(procedures: list[Procedure]) -> list[tuple[str, list[Procedure]]]:
    groups: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        groups.setdefault(procedure.field, []).append(procedure)
    return list(groups.items())


def _coverage(site: Site, env: Environment, output: Output) -> None:
    """Every online service once, with its level and its guides: the gaps are the rows saying 'Chưa có'."""
    online = [procedure for procedure in site.procedures if procedure.online]
    covered = sum(bool(procedure.guides) for procedure in online)
    updated = max((p.updated for p in online if p.updated), default=site.newest_update)
    sites = {other.slug: other for other in [site, *site.communes]}
    body = env.get_template("coverage.html").render(
        site=site, sites=sites, origin=COVERAGE_URL, procedures=online, covered=covered, updated=updated
    )
    output.pages.append(
        GeneratedPage(
            url=COVERAGE_URL,
            title="Độ bao phủ hướng dẫn dịch vụ công trực tuyến",
            description=f"{covered} trên {len(online)} dịch vụ công trực tuyến đã có hướng dẫn của tổ tuyên truyền.",
            body=body,
            updated=updated,
        )
    )


def _json_ld(site: Site, procedure: Procedure) -> str:
    """schema.org GovernmentService, safe to embed in a script element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.name,
        "identifier": procedure.code,
        "serviceType": procedure.field,
        "url": site.network.absolute(site.slug, procedure.url),
        "provider": {"@type": "GovernmentOrganization", "name": _agency(site, procedure)},
        "audience": {"@type": "Audience", "audienceType": procedure.applicants},
        "inLanguage": "vi",
    }
    if procedure.national_url:
        data["availableChannel"] = {"@type": "ServiceChannel", "serviceUrl": procedure.national_url}
    return script_json(data)
