"""The build pipeline: load → validate → model → render → publish, for the commands to call.

A portal is the district's site plus one site per commune; they are validated together
(documents and links cross them) and rendered in parallel, one process per site.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment

from portal.collector import paused
from portal.files import replacing
from portal.index import OUTPUT_DIR as SEARCH_DIR
from portal.index import build_index
from portal.load.content import discover
from portal.load.fingerprint import fingerprint
from portal.load.gitdates import last_commit_dates
from portal.load.legaldb import read_records
from portal.load.records import Record, read_yaml_records
from portal.load.sources import already_read, read_text, relative
from portal.load.yamlsource import parse_yaml
from portal.model.document import Document
from portal.model.legaldb import LegalDB, derive_status
from portal.model.page import Page
from portal.model.portal import (
    Portal,
    agency_name,
    build_network,
    commune_settings,
    default_nav,
    with_url,
)
from portal.model.procedure import PROCEDURES_DIR
from portal.model.site import Site, link_guides
from portal.model.statistics import STATISTICS_FILE
from portal.problems import InputError, Problem, Problems
from portal.publish import stamp
from portal.publish.atomic import staged
from portal.publish.robots import write_robots
from portal.publish.sitemap import write_sitemap
from portal.render.communes import render_communes
from portal.render.documents import document_page, environment, render_documents
from portal.render.guides import render_guides, render_print_views
from portal.render.markdown import CACHE_DIR as MARKDOWN_CACHE
from portal.render.markdown import converted_ahead, remembered
from portal.render.mkdocs import engine
from portal.render.mkdocs.shells import refill
from portal.render.news import render_news
from portal.render.prepared import converting_ahead, worth_converting
from portal.render.procedures import render_procedures
from portal.render.search import render_search
from portal.render.statistics import render_statistics
from portal.render.templates import checked_once
from portal.validate.communes import CommuneInput, check_commune, check_relations, commune_folders
from portal.validate.documents import Issuers, check_documents
from portal.validate.pages import check_pages
from portal.validate.procedures import check_procedures
from portal.validate.settings import DOCS_DIR, check_settings
from portal.validate.statistics import check_statistics

CONFIG_FILE = "mkdocs.yml"
TRASH_DIR = Path(".cache") / "trash"
"""Replaced output trees wait here to be deleted in the background."""
MEGABYTE = 1_048_576
WORKER_NICENESS = 10
"""Render workers yield to the search index built alongside: one process that cannot be split, the
longest chain of a build, it then keeps a core to itself and ends with the pages instead of after."""
RESERVED = {
    "assets",
    "search",
    "tim-kiem",
    "van-ban",
    "du-lieu",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "_portal-shell",
}


@dataclass(frozen=True)
class SiteReport:
    """What rendering one site produced."""

    slug: str
    title: str
    pages: int
    documents: int
    seconds: float


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the command line to print."""

    out_dir: Path
    sites: list[SiteReport]
    seconds: float
    reused: bool = False
    """Nothing changed since the last build of ``out_dir``: it was left as it was."""

    @property
    def pages(self) -> int:
        return sum(site.pages for site in self.sites)

    @property
    def documents(self) -> int:
        return sum(site.documents for site in self.sites)


def load_portal(
    root: Path,
    as_of: date,
    standalone: str | None = None,
    base_url: str | None = None,
    writes: list[Callable[[], None]] | None = None,
) -> Portal:
    """Load and validate every site and document; raise ``InputError`` with every problem found.

    ``as_of`` is the day legal-force statuses are computed for, explicit so builds are reproducible.
    ``standalone`` names a site built for its own domain ``base_url``. Cache writes go to ``writes``
    when given, for the caller to run off the critical path (0.7 s at 20,000 documents).
    """
    problems = Problems()
    config_path = root / CONFIG_FILE
    text = read_text(config_path, CONFIG_FILE, problems)
    config = parse_yaml(text, CONFIG_FILE, problems) if text is not None else None
    yaml_ok = not problems
    docs_dir = root / DOCS_DIR
    files, sources = discover(docs_dir, root, problems)
    settings = check_settings(config, CONFIG_FILE, files, problems) if yaml_ok else None
    if yaml_ok:
        engine.check_config(config_path, CONFIG_FILE, config, problems)
    taken = RESERVED | {name.split("/")[0] for name in files} | ({settings.slug} if settings else set())
    inputs = _communes(root, taken, problems)
    records = read_records(root, problems, writes)
    documents = []
    if settings is not None:
        names = {settings.slug: settings.agency.name} | {i.commune.slug: agency_name(i.commune) for i in inputs}
        issuers = Issuers(names, settings.slug)
        documents = check_documents(root, records, issuers, settings.max_attachment_mb * MEGABYTE, problems)
    procedure_records = read_yaml_records(
        docs_dir / PROCEDURES_DIR, root, problems, "một thủ tục", recursive=False, writes=writes
    )
    procedures = check_procedures(procedure_records, docs_dir, documents, problems)
    # Every record counts as known, so one broken record does not cascade into every guide citing it.
    slugs = frozenset(record.path.stem for record in procedure_records)
    pages = check_pages(sources, files, problems, slugs)
    commune_pages = {item.commune.slug: check_pages(item.sources, item.files, problems, slugs) for item in inputs}
    units = {item.commune.slug for item in inputs} | ({settings.slug} if settings else set())
    statistics = check_statistics(docs_dir / STATISTICS_FILE, f"{DOCS_DIR}/{STATISTICS_FILE}", units, slugs, problems)
    problems.raise_if_any()
    assert settings is not None
    legaldb = LegalDB.link(documents, as_of)
    dates = last_commit_dates(root)
    for page in [*pages.values(), *(p for group in commune_pages.values() for p in group.values())]:
        if page.updated is None:
            page.updated = dates.get(page.repo_path) or page.date
    for document in documents:
        document.updated = dates.get(document.rel) or document.issued
    for procedure in procedures:
        procedure.updated = dates.get(procedure.rel)

    network = build_network(settings, [item.commune for item in inputs], standalone, base_url)
    district = Site(
        root=root,
        config_path=config_path,
        docs_dir=docs_dir,
        settings=with_url(settings, network.public[settings.slug]),
        as_of=as_of,
        network=network,
        pages=pages,
        documents=legaldb.for_site(settings.slug),
        all_documents=legaldb.documents,
        procedures=procedures,
        all_procedures=procedures,
    )
    communes = [
        Site(
            root=root,
            config_path=config_path,
            docs_dir=item.docs_dir,
            settings=commune_settings(item.commune, settings, network.public[item.commune.slug]),
            as_of=as_of,
            network=network,
            pages=commune_pages[item.commune.slug],
            documents=legaldb.for_site(item.commune.slug),
            all_documents=legaldb.documents,
            procedures=[procedure for procedure in procedures if procedure.for_communes],
            all_procedures=procedures,
            commune=item.commune,
        )
        for item in inputs
    ]
    for site in [district, *communes]:
        site.statistics = statistics.for_site(None if site.is_district else site.slug)
        site.statistics_sample = statistics.sample
        site.district = district
        site.communes = communes
        for needed, src, title in (
            (site.posts, "tin-tuc/index.md", "Tin tức"),
            (site.documents, "van-ban/index.md", "Văn bản"),
            (site.procedures, "thu-tuc/index.md", "Thủ tục hành chính"),
            (site.guides, "huong-dan/index.md", "Hướng dẫn dịch vụ công trực tuyến"),
            (site.statistics, "thong-ke/index.md", "Thống kê hồ sơ dịch vụ công"),
        ):
            if needed and src not in site.pages:
                site.pages[src] = Page(src, "", title, generated=True)
        if site.commune is not None:
            site.nav = site.commune.nav if site.commune.nav is not None else default_nav(site)
    link_guides(procedures, [district, *communes])
    if communes and "xa-thi-tran/index.md" not in district.pages:
        district.pages["xa-thi-tran/index.md"] = Page("xa-thi-tran/index.md", "", "Xã, thị trấn", generated=True)
    return Portal(root, as_of, [district, *communes])


def _communes(root: Path, taken: set[str], problems: Problems) -> list[CommuneInput]:
    inputs = []
    for folder in commune_folders(root):
        checked = check_commune(folder, root, taken, problems)
        if checked is not None:
            commune, data = checked
            files, sources = discover(folder, root, problems)
            inputs.append(CommuneInput(commune, data, folder, files, sources))
    check_relations(inputs, problems)
    return inputs


def render_into(site: Site, out_dir: Path, keep: bool = True) -> SiteReport:
    """Render and finish one site into an empty folder (document bodies converted once, see
    ``remembered``, and kept for the next build unless not ``keep``; the portal's templates checked
    against their files once, see ``checked_once``)."""
    env = environment(site)
    with remembered(site.root / MARKDOWN_CACHE / f"{site.slug}.pickle", keep), checked_once(env):
        return _render_into(site, env, out_dir)


def _render_into(site: Site, env: Environment, out_dir: Path) -> SiteReport:
    started = time.perf_counter()
    problems = Problems()
    output = render_documents(site, env)
    render_communes(site, env, output)
    render_procedures(site, env, output)
    render_news(site, env, output)
    render_statistics(site, env, output)
    render_guides(site, env, output)
    render_search(site, env, output)
    engine.render(site, output, out_dir, problems)
    problems.raise_if_any()
    render_print_views(site, env, output)
    output.write_files(out_dir)
    write_robots(site.settings, out_dir)
    entries = [(page.url, page.updated or site.newest_update) for page in site.pages.values()]
    entries += [(page.url, page.updated) for page in output.pages]
    write_sitemap(site.settings.site_url, entries, out_dir)
    title = site.label
    pages = len(site.pages) + len(output.pages)
    return SiteReport(site.slug, title, pages, len(site.documents), time.perf_counter() - started)


_PORTAL: Portal | None = None


def _render_job(job: tuple[int, str, bool]) -> tuple[SiteReport | None, list[Problem]]:
    """Worker side of ``render_sites``: the portal is inherited from the parent process (fork)."""
    index, out_dir, keep = job
    assert _PORTAL is not None
    try:
        return render_into(_PORTAL.sites[index], Path(out_dir), keep), []
    except InputError as error:
        return None, error.problems.sorted()


def render_sites(
    portal: Portal,
    sites: list[Site],
    parts: Path,
    jobs: int,
    progress: Callable[[str], None] | None,
    keep: bool = True,
) -> list[SiteReport]:
    """Render each site into ``parts/<slug>/``, ``jobs`` at a time; any failure fails them all.
    Unless ``keep``, nothing is written outside ``parts`` (no cache for the next build)."""
    global _PORTAL
    _PORTAL = portal
    work = [(portal.sites.index(site), str(parts / site.slug), keep) for site in sites]
    reports: list[SiteReport] = []
    problems = Problems()
    if jobs > 1 and len(work) > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(work)), initializer=os.nice, initargs=(WORKER_NICENESS,)) as pool:
            results = list(_progress(pool.imap_unordered(_render_job, work), len(work), progress))
    else:
        results = list(_progress(map(_render_job, work), len(work), progress))
    for report, found in results:
        if report is not None:
            reports.append(report)
        problems.items.extend(found)
    problems.raise_if_any()
    return sorted(reports, key=lambda report: [site.slug for site in portal.sites].index(report.slug))


def _progress(results, total: int, progress: Callable[[str], None] | None):
    for done, (report, found) in enumerate(results, start=1):
        if progress is not None:
            if report is not None:
                progress(
                    f"[{done}/{total}] {report.title}: {report.pages} trang, {report.documents} văn bản "
                    f"({report.seconds:.1f} giây)"
                )
            else:
                progress(f"[{done}/{total}] lỗi: {len(found)} vấn đề")
        yield report, found


def _assemble(portal: Portal, parts: Path, target: Path, sites: list[Site], standalone: bool) -> None:
    """Move each rendered site to its place: the district at the root, communes under their slug."""
    for site in sites:
        source = parts / site.slug
        if site.is_district or standalone:
            for child in source.iterdir():
                os.rename(child, target / child.name)
        else:
            os.rename(source, target / site.network.prefixes[site.slug].rstrip("/"))
    shutil.rmtree(parts)


def build(
    root: Path,
    out_dir: Path,
    as_of: date,
    only: str | None = None,
    standalone: str | None = None,
    base_url: str | None = None,
    jobs: int = 2,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
    converted: Callable[[], dict[str, str]] | None = None,
) -> BuildReport:
    """Build into ``out_dir``, replacing what is rebuilt only if everything succeeded.

    ``only`` rebuilds one site inside an existing output; ``standalone`` builds one site
    alone, at the root of ``out_dir``, for its own domain ``base_url``. When no input changed
    since the last build of ``out_dir`` and the folder is as that build left it, nothing is
    done unless ``force``. ``converted`` collects the bodies of a ``converting_ahead`` the caller
    started; without it, the build starts its own.
    """
    started = time.perf_counter()
    options = {"out": str(out_dir), "as_of": as_of.isoformat(), "only": only, "site": standalone, "url": base_url}
    # Document bodies are converted from here on, on the idle core, while this process hashes and loads.
    if converted is None:
        ahead = converting_ahead(root, useful=worth_converting(jobs, only, standalone))
    else:
        ahead = nullcontext(converted)
    with ahead as collect:
        texts: dict[str, bytes] = {}
        inputs = fingerprint(root, options, texts)
        saved = None if force else stamp.unchanged(root, out_dir, inputs)
        if saved is not None:
            try:
                reports = [SiteReport(**item) for item in saved]
            except TypeError:  # a stamp written by another version: build
                pass
            else:
                return BuildReport(out_dir, reports, time.perf_counter() - started, reused=True)
        reports = _build(root, out_dir, as_of, only, standalone, base_url, jobs, progress, collect, texts)
    stamp.save(root, out_dir, inputs, [report.__dict__ for report in reports])
    return BuildReport(out_dir, reports, time.perf_counter() - started)


def _build(
    root: Path,
    out_dir: Path,
    as_of: date,
    only: str | None,
    standalone: str | None,
    base_url: str | None,
    jobs: int,
    progress: Callable[[str], None] | None,
    converted: Callable[[], dict[str, str]],
    texts: dict[str, bytes],
) -> list[SiteReport]:
    """Load (the ``texts`` the fingerprint read are not read again), then render with the bodies
    ``converted`` (``converting_ahead``) while the load ran."""
    writes: list[Callable[[], None]] = []
    with already_read(texts):
        portal = _load_long_lived(root, as_of, standalone, base_url, writes)
    trash = root / TRASH_DIR
    try:
        return _render(portal, out_dir, only, standalone, jobs, progress, trash, writes, converted)
    finally:
        gc.unfreeze()


def _load_long_lived(
    root: Path, as_of: date, standalone: str | None, base_url: str | None, writes: list[Callable[[], None]]
) -> Portal:
    """``load_portal`` without the cyclic collector, then the model frozen out of its reach.

    The model lives as long as the build: collecting while it grows only scans it again and
    again (a quarter of the load at 20,000 documents), and once frozen the collector never
    touches it, so forked workers do not copy its pages by writing to them.
    """
    with paused():
        return load_portal(root, as_of, standalone, base_url, writes)


def _render(
    portal: Portal,
    out_dir: Path,
    only: str | None,
    standalone: str | None,
    jobs: int,
    progress: Callable[[str], None] | None,
    trash: Path,
    writes: list[Callable[[], None]],
    converted: Callable[[], dict[str, str]],
) -> list[SiteReport]:
    """Render and index into a staged folder; the load's cache ``writes`` run beside the index.

    The index process starts before the bodies ``converted`` during the load are taken over
    (0.14 s at 20,000 documents), so that it has the other core meanwhile.
    """
    if standalone:
        sites = [portal.site(standalone)]
        with (
            staged(out_dir, trash) as staging,
            _alongside(_index, writes, portal, staging / SEARCH_DIR, standalone),
            converted_ahead(converted()),
        ):
            reports = render_sites(portal, sites, staging / ".parts", jobs, progress)
            _assemble(portal, staging / ".parts", staging, sites, standalone=True)
    elif only:
        for write in writes:
            write()
        site = portal.site(only)
        target = out_dir if site.is_district else out_dir / site.slug
        with staged(target, trash) as staging, converted_ahead(converted()):
            reports = render_sites(portal, [site], staging / ".parts", jobs, progress)
            if site.is_district:
                _assemble(portal, staging / ".parts", staging, [site], standalone=False)
                for commune in portal.sites[1:]:
                    if (out_dir / commune.slug).is_dir():
                        os.rename(out_dir / commune.slug, staging / commune.slug)
            else:
                _assemble(portal, staging / ".parts", staging, [site], standalone=True)
            if site.is_district:
                build_index(portal, staging / SEARCH_DIR, jobs=jobs)
        if not site.is_district:
            with staged(out_dir / SEARCH_DIR, trash) as staging:
                build_index(portal, staging, jobs=jobs)
    else:
        with (
            staged(out_dir, trash) as staging,
            _alongside(_index, writes, portal, staging / SEARCH_DIR, None),
            converted_ahead(converted()),
        ):
            reports = render_portal(portal, staging, jobs, progress)
    return reports


def _index(writes: list[Callable[[], None]], portal: Portal, search_dir: Path, only_site: str | None) -> None:
    """The load's deferred cache writes, then the search index: work that needs only the model."""
    for write in writes:
        write()
    build_index(portal, search_dir, only_site, 1)


@contextmanager
def _alongside(work: Callable[..., object], *args: object) -> Iterator[None]:
    """Run ``work(*args)`` in a forked process while the block runs: the search index needs only
    the model, so it is built while the pages render and both cores stay busy to the end."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield
        work(*args)
        return
    process = multiprocessing.get_context("fork").Process(target=work, args=args)
    process.start()
    try:
        yield
    except BaseException:
        process.terminate()
        process.join()
        raise
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"dựng chỉ mục tìm kiếm thất bại (mã thoát {process.exitcode})")


def render_portal(
    portal: Portal, target: Path, jobs: int, progress: Callable[[str], None] | None, keep: bool = True
) -> list[SiteReport]:
    """Every site of the portal into the empty folder ``target`` (``keep``: see ``render_sites``)."""
    reports = render_sites(portal, portal.sites, target / ".parts", jobs, progress, keep)
    _assemble(portal, target / ".parts", target, portal.sites, standalone=False)
    return reports


def refresh_documents(portal: Portal, changed: list[Path], out_dir: Path) -> bool:
    """Write again, in the built ``out_dir``, the pages of the edited document records ``changed``.

    The preview's first answer to an edit, in well under a second whatever the size of the
    portal; a full build follows and brings listings, feeds and search up to date. Only when
    every record is a published document whose number, site and relations stay the same
    (otherwise other pages change too): False then, and nothing is written. Problems in the
    edited records raise ``InputError`` as a build would.
    """
    district, problems = portal.sites[0], Problems()
    published = {document.rel: document for document in district.all_documents}
    records = []
    for path in changed:
        rel = relative(path, portal.root)
        if rel not in published or not path.is_file():
            return False
        text = read_text(path, rel, problems)
        data = parse_yaml(text, rel, problems) if text is not None else None
        if data is not None:
            records.append(Record(path, rel, data))
    problems.raise_if_any()
    names = {
        site.slug: agency_name(site.commune) if site.commune else site.settings.agency.name for site in portal.sites
    }
    limit = district.settings.max_attachment_mb * MEGABYTE
    others = [document for document in district.all_documents if document.rel not in {r.rel for r in records}]
    fresh = check_documents(portal.root, records, Issuers(names, district.slug), limit, problems, others)
    problems.raise_if_any()
    pages: list[tuple[Path, str]] = []
    for new in fresh:
        old = published[new.rel]
        if (new.key, new.url, new.site, _targets(new)) != (old.key, old.url, old.site, _targets(old)):
            return False
        new.inverse, new.updated = old.inverse, new.issued if old.updated == old.issued else old.updated
        new.status = derive_status(new, portal.as_of)
        site = portal.site(new.site)
        env = environment(site)
        prefix = "" if site.network.standalone else site.network.prefixes[site.slug]
        target = out_dir / prefix / new.url / "index.html"
        html = refill(target.read_text(encoding="utf-8"), document_page(site, env, old), document_page(site, env, new))
        if html is None:
            return False
        pages.append((target, html))
    for target, html in pages:
        with replacing(target) as stream:
            stream.write(html.encode("utf-8"))
    for new in fresh:  # the next edit of the same record starts from this version
        old = published[new.rel]
        for documents in (district.all_documents, portal.site(new.site).documents):
            documents[next(index for index, document in enumerate(documents) if document is old)] = new
    return True


def _targets(document: Document) -> dict[str, list[str]]:
    return {kind: [target.rel for target in targets] for kind, targets in document.relations.items()}


def check(root: Path, as_of: date, jobs: int = 2) -> BuildReport:
    """Validate and render into a throw-away folder: catches everything a build would, writes nothing."""
    started = time.perf_counter()
    portal = load_portal(root, as_of, writes=[])  # the parse cache's writes, left undone
    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        reports = render_portal(portal, Path(scratch), jobs, None, keep=False)
    return BuildReport(Path(), reports, time.perf_counter() - started)
