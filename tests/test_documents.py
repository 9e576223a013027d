"""The legal-documents database: validation, pages, relations, JSON-LD, listings, feed and open data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import feedparser
import pytest
import yaml

from portal.commands.new import document_schema
from portal.model.document import Document
from portal.model.legaldb import LegalDB
from portal.model.urls import relative_url
from tests.conftest import AS_OF, ROOT, copy_portal
from tests.htmlscan import scan
from tests.test_bad_input import digest, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "invalid-documents"
SITE_URL = "https://nuithanh.quangnam.gov.vn/"


def records() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((ROOT / "legal-db").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["issued"] = str(data["issued"])
        found.append((path, data))
    return found


def slug(number: str) -> str:
    from portal.vietnamese import slugify

    return slugify(number)


def communes() -> set[str]:
    return {path.parent.name for path in (ROOT / "communes").glob("*/commune.yml")}


def site_of(site: Path, data: dict) -> Path:
    return site / data["issuer"] if data["issuer"] in communes() else site


def page_of(site: Path, data: dict) -> Path:
    return site_of(site, data) / "van-ban" / data["issued"][:4] / slug(data["number"]) / "index.html"


def test_sample_has_about_150_documents_with_relations_and_attachments() -> None:
    sample = records()
    assert len(sample) >= 120
    assert all(data.get("sample") is True for _, data in sample)
    assert sum(1 for _, data in sample if data.get("attachments")) >= 10
    kinds = {kind for _, data in sample for kind, numbers in (data.get("relations") or {}).items() if numbers}
    assert {"based_on", "amends", "replaces", "repeals"} <= kinds
    assert {data["issued"][:4] for _, data in sample} >= {"2019", "2020", "2021", "2022", "2023", "2024"}


def test_one_page_per_record_with_its_metadata(site: Path) -> None:
    sample = records()
    pages = list(site.glob("van-ban/[0-9][0-9][0-9][0-9]/*/index.html"))
    pages += list(site.glob("*/van-ban/[0-9][0-9][0-9][0-9]/*/index.html"))
    assert len(pages) == len(sample)
    for _, data in sample:
        html = page_of(site, data).read_text(encoding="utf-8")
        text = scan(page_of(site, data)).plain
        assert data["number"] in text and data["type"] in text
        assert " ".join(data["title"].split()) in text
        issued = date.fromisoformat(data["issued"])
        assert f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}" in text
        assert re.search(r'class="portal-status portal-status--[a-z-]+"', html)
        assert "Văn bản mẫu – không có giá trị pháp lý" in text


def test_relations_are_shown_in_both_directions(site: Path) -> None:
    by_number = {(data["issuer"], data["number"]): data for _, data in records()}
    inverse_labels = {
        "based_on": "Là căn cứ của",
        "amends": "Được sửa đổi, bổ sung bởi",
        "replaces": "Bị thay thế bởi",
        "repeals": "Bị bãi bỏ bởi",
        "guides": "Được hướng dẫn bởi",
    }
    checked = 0
    for _, data in records():
        for kind, numbers in (data.get("relations") or {}).items():
            for number in numbers or []:
                target = by_number.get((data["issuer"], number)) or next(
                    other for (_, n), other in by_number.items() if n == number
                )
                source_page = scan(page_of(site, data))
                target_page = scan(page_of(site, target))
                assert data["issuer"] == target["issuer"] or data["issuer"] not in communes()
                source_url = f"van-ban/{data['issued'][:4]}/{slug(data['number'])}/"
                target_url = f"van-ban/{target['issued'][:4]}/{slug(number)}/"
                link = relative_url(target_url, source_url)
                assert source_page.find("a", href=link), (data["number"], number)
                back = relative_url(source_url, target_url)
                assert target_page.find("a", href=back), (number, data["number"])
                assert inverse_labels[kind] in target_page.plain
                checked += 1
    assert checked >= 12


def test_replaced_and_repealed_documents_are_no_longer_in_force(site: Path) -> None:
    by_number = {(data["issuer"], data["number"]): data for _, data in records()}
    checked = 0
    for _, data in records():
        for kind in ("replaces", "repeals"):
            for number in (data.get("relations") or {}).get(kind) or []:
                if date.fromisoformat(str(data.get("effective") or data["issued"])) <= AS_OF:
                    target = by_number[(data["issuer"], number)]
                    assert "Hết hiệu lực toàn bộ" in scan(page_of(site, target)).plain
                    checked += 1
    assert checked >= 2


def test_json_ld_describes_the_legislation(site: Path) -> None:
    for _, data in records():
        html = page_of(site, data).read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        ld = json.loads(blocks[0])
        assert ld["@type"] == "Legislation"
        assert ld["legislationIdentifier"] == data["number"]
        assert ld["legislationType"] == data["type"]
        assert ld["legislationDate"] == data["issued"]
        assert ld["legislationLegalForce"].startswith("https://schema.org/")
        assert ld["legislationPassedBy"]["name"]
        if data.get("relations", {}) and data["relations"].get("amends"):
            assert ld["legislationAmends"]
        for item in ld.get("encoding", []):
            assert item["@type"] == "LegislationObject" and item["contentUrl"].startswith(SITE_URL)
        assert f'<meta name="DC.identifier" content="{data["number"]}">' in html


def test_attachments_are_published_with_size_and_hash(site: Path) -> None:
    import hashlib

    for path, data in records():
        for attachment in data.get("attachments") or []:
            source = path.parent / attachment["file"]
            published = page_of(site, data).parent / attachment["file"]
            assert published.read_bytes() == source.read_bytes()
            text = scan(page_of(site, data)).plain
            assert hashlib.sha256(source.read_bytes()).hexdigest() in text
            assert "KB" in text or "MB" in text


def test_documents_index_browses_without_javascript(site: Path) -> None:
    index = scan(site / "van-ban/index.html")
    text = index.plain
    for heading in ("Năm ban hành", "Loại văn bản", "Lĩnh vực", "Tình trạng"):
        assert heading in text
    rows = re.findall(r"<tr data-type=", (site / "van-ban/index.html").read_text(encoding="utf-8"))
    assert len(rows) == 50
    assert (site / "van-ban/trang-2/index.html").is_file()
    dates = re.findall(r'<td><time datetime="([\d-]+)"', (site / "van-ban/index.html").read_text(encoding="utf-8"))
    assert dates == sorted(dates, reverse=True)
    for facet in (
        "van-ban/2024/index.html",
        "van-ban/loai/quyet-dinh/index.html",
        "van-ban/tinh-trang/con-hieu-luc/index.html",
    ):
        assert (site / facet).is_file(), facet
    assert list((site / "van-ban/linh-vuc").glob("*/index.html"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="van-ban-moi"' in home and home.count('href="van-ban/20') >= 5


def test_documents_are_not_in_the_navigation(site: Path) -> None:
    html = (site / "van-ban/index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary') : html.index('class="md-content"')]
    assert not re.search(r'href="[^"]*\d{4}/\d+-', nav)


def test_feed_parses_and_lists_the_newest_documents(site: Path) -> None:
    feed = feedparser.parse((site / "van-ban/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 20
    newest = max(data["issued"] for _, data in records() if data["issuer"] not in communes())
    assert feed.entries[0].published.startswith(newest)
    assert all(entry.link.startswith(SITE_URL + "van-ban/") for entry in feed.entries)


def test_exports_have_one_row_per_record(site: Path) -> None:
    everything = [data for _, data in records()]
    district = [data for data in everything if data["issuer"] not in communes()]
    tam_hai = [data for data in everything if data["issuer"] == "tam-hai"]
    for folder, expected in (("van-ban", district), ("du-lieu", everything), ("tam-hai/van-ban", tam_hai)):
        data = json.loads((site / folder / "van-ban.json").read_text(encoding="utf-8"))
        assert data["so_van_ban"] == len(expected) == len(data["van_ban"])
        raw = (site / folder / "van-ban.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == len(expected)
        assert sorted(row["so_ky_hieu"] for row in rows) == sorted(data["number"] for data in expected)


def test_published_json_schema_is_generated_from_the_code() -> None:
    assert (ROOT / "legal-db/schema.json").read_text(encoding="utf-8") == document_schema()
    schema = json.loads(document_schema())
    assert schema["required"] == ["number", "type", "title", "issuer", "issued"]
    assert schema["additionalProperties"] is False


def _doc(number: str, issued: str, effective: str | None = None, expires: str | None = None) -> Document:
    return Document(
        rel="x.yml",
        number=number,
        type="Quyết định",
        title="t",
        issuer="nui-thanh",
        issuer_name="UBND",
        issued=date.fromisoformat(issued),
        site="nui-thanh",
        effective=date.fromisoformat(effective) if effective else None,
        expires=date.fromisoformat(expires) if expires else None,
    )


def test_status_is_derived_from_dates_and_relations() -> None:
    old = _doc("1/QĐ-UBND", "2019-01-01")
    new = _doc("2/QĐ-UBND", "2024-05-01", effective="2024-06-01")
    new.relations["replaces"] = [old]
    plan = _doc("3/QĐ-UBND", "2020-01-01", expires="2020-12-31")
    future = _doc("4/QĐ-UBND", "2024-12-01", effective="2025-01-01")

    def status(as_of: str, document: Document) -> str:
        LegalDB.link([old, new, plan, future], date.fromisoformat(as_of))
        return document.status

    assert status("2024-05-15", old) == "còn hiệu lực"
    assert status("2024-06-01", old) == "hết hiệu lực toàn bộ"
    assert status("2020-12-30", plan) == "còn hiệu lực"
    assert status("2020-12-31", plan) == "hết hiệu lực toàn bộ"
    assert status("2024-12-31", future) == "chưa có hiệu lực"
    assert status("2025-01-01", future) == "còn hiệu lực"
    assert old.inverse["replaces"] == [new]


def test_every_invalid_record_is_reported_in_one_run(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "portal")
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    before = digest(root / "site")
    target = root / "legal-db" / "kiem-thu"
    shutil.copytree(FIXTURES, target)
    (target / "lon.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 1_572_864)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  portal:\n", "  portal:\n    max_attachment_mb: 1\n")
    )
    result = run_cli(root, "build", "--as-of", "2024-12-31")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = 0
    for fixture in sorted(FIXTURES.glob("*.yml")):
        first = fixture.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# expect: ")
        if first.startswith("# expect: none"):
            assert f"legal-db/kiem-thu/{fixture.name}:" not in result.stderr
            continue
        expected += 1
        assert f"legal-db/kiem-thu/{fixture.name}:{first[len('# expect: ') :]}" in result.stderr, result.stderr
    assert f"✗ {expected} lỗi" in result.stderr
    assert digest(root / "site") == before


def test_new_document_takes_the_next_free_number(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "portal")
    numbers = [
        int(data["number"].split("/")[0])
        for _, data in records()
        if data["issuer"] == "nui-thanh"
        and data["type"] == "Quyết định"
        and data["issued"].startswith("2024")
        and re.fullmatch(r"\d+/QĐ-UBND", data["number"])
    ]
    result = run_cli(
        root,
        "new",
        "document",
        "--issuer",
        "nui-thanh",
        "--type",
        "Quyết định",
        "--title",
        "Về việc thử tạo văn bản",
        "--date",
        "2024-12-20",
    )
    assert result.returncode == 0, result.stdout
    expected = f"{max(numbers, default=0) + 1}/QĐ-UBND"
    created = root / "legal-db/nui-thanh/2024" / f"{slug(expected)}.yml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema.json")
    assert f"number: {expected}" in text
    assert run_cli(root, "check", "--as-of", "2024-12-31").returncode == 0


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(tmp_path_factory.mktemp("hostile"))
    record = root / "legal-db/nui-thanh/2024/999-qd-ubnd.yml"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(
        "number: 999/QĐ-UBND\ntype: Quyết định\ntitle: <script>alert(1)</script>\nissuer: nui-thanh\n"
        "issued: 2024-12-30\nsample: true\nfields: ['<img src=x onerror=alert(2)>']\n"
        "body: |\n  <script>alert(3)</script> [bấm](javascript:alert(4))\n",
        encoding="utf-8",
    )
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    return root / "site"


def test_html_in_fields_is_shown_as_text_and_never_runs(browser, hostile_site: Path) -> None:
    from tests.conftest import serve_folder

    dialogs: list[str] = []
    for base in serve_folder(hostile_site):
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("van-ban/2024/999-qd-ubnd/", "van-ban/", ""):
            page.goto(base + path, wait_until="networkidle")
            assert page.get_by_text("<script>alert(1)</script>").first.is_visible()
        page.goto(base + "van-ban/2024/999-qd-ubnd/", wait_until="networkidle")
        assert page.get_by_text("<script>alert(3)</script>").is_visible()
        page.get_by_text("bấm").click()
        assert page.locator("article img").count() == 0
        assert dialogs == []
        page.close()


def test_table_filters_instantly_without_accents(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "van-ban/", wait_until="networkidle")
    rows = page.locator("table[data-portal-documents] tbody tr")
    total = rows.count()
    page.get_by_label("Lọc theo số, trích yếu").fill("ke hoach")
    visible = page.locator("table[data-portal-documents] tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    for text in visible.all_inner_texts():
        assert "kế hoạch" in text.lower()
    page.get_by_label("Lọc theo số, trích yếu").fill("")
    page.locator("select[name=type]").select_option("Quyết định")
    assert all("Quyết định" in text for text in visible.all_inner_texts())
    assert "văn bản của trang này" in page.locator(".portal-filter__count").inner_text()
    page.close()


def test_the_preview_rewrites_an_edited_document_page_as_a_full_build_would(tmp_path: Path) -> None:
    from portal import pipeline
    from portal.problems import InputError

    root = copy_portal(tmp_path / "p")
    preview, fresh = tmp_path / "preview", tmp_path / "fresh"
    portal = pipeline.load_portal(root, AS_OF)
    pipeline.render_portal(portal, preview, 1, None)
    record = root / "legal-db/tam-tra/2024/52-qd-ubnd.yml"
    text = record.read_text(encoding="utf-8")
    edited = text.replace("bò giống, cây quế giống", "bò giống và cây quế giống").replace("38 hộ", "41 hộ")
    record.write_text(edited, encoding="utf-8")
    page = preview / "tam-tra/van-ban/2024/52-qd-ubnd/index.html"
    before = page.read_bytes()
    listing = (preview / "tam-tra/van-ban/index.html").read_bytes()
    assert pipeline.refresh_documents(portal, [record], preview)
    pipeline.render_portal(pipeline.load_portal(root, AS_OF), fresh, 1, None)
    after = page.read_text(encoding="utf-8")
    assert "41 hộ" in after and "bò giống và cây quế giống" in after and page.read_bytes() != before
    assert after == (fresh / "tam-tra/van-ban/2024/52-qd-ubnd/index.html").read_text(encoding="utf-8")
    assert (preview / "tam-tra/van-ban/index.html").read_bytes() == listing  # listings wait for the full build
    # A second edit starts from the first.
    record.write_text(edited.replace("41 hộ", "42 hộ"), encoding="utf-8")
    assert pipeline.refresh_documents(portal, [record], preview)
    assert "42 hộ" in page.read_text(encoding="utf-8")
    # A new number moves the page, a broken record is reported, a new record is not published yet.
    record.write_text(edited.replace("52/QĐ-UBND", "53/QĐ-UBND"), encoding="utf-8")
    assert not pipeline.refresh_documents(portal, [record], preview)
    record.write_text(edited.replace("issued: 2024-04-22", "issued: 2024-02-30"), encoding="utf-8")
    with pytest.raises(InputError):
        pipeline.refresh_documents(portal, [record], preview)
    assert "42 hộ" in page.read_text(encoding="utf-8")
    added = record.with_name("99-qd-ubnd.yml")
    added.write_text(edited.replace("52/QĐ-UBND", "99/QĐ-UBND"), encoding="utf-8")
    assert not pipeline.refresh_documents(portal, [added], preview)
