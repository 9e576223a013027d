"""The build pipeline: load → validate → model → render → publish, for the commands to call."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.load.content import discover
from portal.load.gitdates import last_commit_dates
from portal.load.legaldb import read_records
from portal.load.sources import read_text
from portal.load.yamlsource import parse_yaml
from portal.model.legaldb import LegalDB
from portal.model.site import Site
from portal.problems import Problems
from portal.publish.atomic import staged
from portal.publish.robots import write_robots
from portal.publish.sitemap import write_sitemap
from portal.render.documents import PORTAL_EXPORT_DIR, environment, exports, render_documents
from portal.render.mkdocs import engine
from portal.validate.documents import Issuers, check_documents
from portal.validate.pages import check_pages
from portal.validate.settings import DOCS_DIR, check_settings

MEGABYTE = 1_048_576

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the command line to print."""

    out_dir: Path
    pages: int
    documents: int
    seconds: float


def load_site(root: Path, as_of: date) -> Site:
    """Load and validate everything; raise ``InputError`` with every problem found.

    ``as_of`` is the day legal-force statuses are computed for, explicit so builds are reproducible.
    """
    problems = Problems()
    config_path = root / CONFIG_FILE
    text = read_text(config_path, CONFIG_FILE, problems)
    config = parse_yaml(text, CONFIG_FILE, problems) if text is not None else None
    yaml_ok = not problems
    docs_dir = root / DOCS_DIR
    files, sources = discover(docs_dir, root, problems)
    settings = check_settings(config, CONFIG_FILE, files, problems) if yaml_ok else None
    pages = check_pages(sources, files, problems)
    records = read_records(root, problems)
    if yaml_ok:
        engine.check_config(config_path, CONFIG_FILE, config, problems)
    documents = []
    if settings is not None:
        issuers = Issuers({settings.slug: settings.agency.name}, settings.slug)
        documents = check_documents(root, records, issuers, settings.max_attachment_mb * MEGABYTE, problems)
    problems.raise_if_any()
    assert settings is not None
    legaldb = LegalDB.link(documents, as_of)
    dates = last_commit_dates(root)
    for page in pages.values():
        if page.updated is None:
            page.updated = dates.get(page.repo_path) or page.date
    return Site(
        root=root,
        config_path=config_path,
        docs_dir=docs_dir,
        settings=settings,
        as_of=as_of,
        pages=pages,
        documents=legaldb.for_site(settings.slug),
        all_documents=legaldb.documents,
        prefixes={settings.slug: ""},
    )


def render_into(site: Site, out_dir: Path) -> None:
    """Render and finish one site into an empty folder."""
    problems = Problems()
    output = render_documents(site, environment(site))
    if site.all_documents and not site.prefixes[site.slug]:
        output.files.extend(exports(site, site.all_documents, PORTAL_EXPORT_DIR))
    engine.render(site, output, out_dir, problems)
    problems.raise_if_any()
    output.write_files(out_dir)
    write_robots(site.settings, out_dir)
    entries = [(page.url, page.updated or site.newest_update) for page in site.pages.values()]
    entries += [(page.url, page.updated) for page in output.pages]
    write_sitemap(site.settings.site_url, entries, out_dir)


def build(root: Path, out_dir: Path, as_of: date) -> BuildReport:
    """Build the portal into ``out_dir``, replacing it only if everything succeeded."""
    started = time.perf_counter()
    site = load_site(root, as_of)
    with staged(out_dir) as staging:
        render_into(site, staging)
    return BuildReport(out_dir, len(site.pages), len(site.documents), time.perf_counter() - started)


def check(root: Path, as_of: date) -> BuildReport:
    """Validate and render into a throw-away folder: catches everything a build would, writes nothing."""
    started = time.perf_counter()
    site = load_site(root, as_of)
    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        render_into(site, Path(scratch))
    return BuildReport(Path(), len(site.pages), len(site.documents), time.perf_counter() - started)
