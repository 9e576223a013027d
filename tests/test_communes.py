"""Seventeen commune sites built with the district's: inheritance, cross-links, merges, stand-alone deploy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from portal.index.query import search
from portal.publish.links import check_links
from tests.conftest import ROOT, copy_portal, serve_folder
from tests.htmlscan import html_files, scan
from tests.test_bad_input import digest, run_cli

SLUGS = [
    "thi-tran-nui-thanh",
    "tam-xuan-1",
    "tam-xuan-2",
    "tam-tien",
    "tam-son",
    "tam-thanh",
    "tam-anh-bac",
    "tam-anh-nam",
    "tam-hoa",
    "tam-hiep",
    "tam-hai",
    "tam-giang",
    "tam-quang",
    "tam-nghia",
    "tam-my-dong",
    "tam-my-tay",
    "tam-tra",
]


def commune(slug: str) -> dict:
    return yaml.safe_load((ROOT / "communes" / slug / "commune.yml").read_text(encoding="utf-8"))


def test_the_sample_has_the_seventeen_units_of_nui_thanh() -> None:
    assert sorted(p.name for p in (ROOT / "communes").iterdir() if p.is_dir()) == sorted(SLUGS)
    kinds = {slug: commune(slug)["kind"] for slug in SLUGS}
    assert kinds.pop("thi-tran-nui-thanh") == "thị trấn" and set(kinds.values()) == {"xã"}


def test_eighteen_sites_are_built(site: Path) -> None:
    assert (site / "index.html").is_file()
    for slug in SLUGS:
        assert (site / slug / "index.html").is_file(), slug
        assert (site / slug / "sitemap.xml").is_file()


def test_each_commune_home_shows_its_name_contacts_and_the_district(site: Path) -> None:
    for slug in SLUGS:
        data = commune(slug)
        page = scan(site / slug / "index.html")
        text = page.plain
        title = ("Thị trấn " if data["kind"] == "thị trấn" else "Xã ") + data["name"]
        assert title in text, slug
        assert data["phone"] in text and data["email"] in text and data["address"] in text
        assert data["leaders"][0]["name"] in text
        parent = [t for t in page.find("a") if t.attrs.get("href") == "../"]
        assert parent, slug
        assert "Ủy ban nhân dân huyện Núi Thành" in text
        header = (site / slug / "index.html").read_text(encoding="utf-8")
        assert f"Cổng thông tin điện tử {title[0].lower()}{title[1:]}" in header


def test_commune_pages_inherit_the_theme_and_link_their_siblings(site: Path) -> None:
    post = next((site / "tam-hai" / "tin-tuc").glob("20*/*/index.html"))
    html = post.read_text(encoding="utf-8")
    assert "../../../../assets/portal.css" not in html and "../../../assets/portal.css" in html
    assert 'class="portal-parent"' in html and 'href="../../../../"' in html
    siblings = re.findall(r'href="\.\./\.\./\.\./\.\./([a-z0-9-]+)/"', html)
    assert sorted(siblings) == sorted(s for s in SLUGS if s != "tam-hai")


def test_directory_links_every_commune(site: Path) -> None:
    page = scan(site / "xa-thi-tran/index.html")
    hrefs = {tag.attrs.get("href") for tag in page.find("a")}
    for slug in SLUGS:
        assert f"../{slug}/" in hrefs, slug
        assert commune(slug)["phone"] in page.plain


def test_commune_documents_are_on_the_commune_site(site: Path) -> None:
    found = 0
    for record in (ROOT / "legal-db").glob("*/*/*.yml"):
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        if data["issuer"] in SLUGS:
            from portal.vietnamese import slugify

            page = site / data["issuer"] / "van-ban" / str(data["issued"])[:4] / slugify(data["number"]) / "index.html"
            assert page.is_file(), page
            assert (
                f"Ủy ban nhân dân {'thị trấn' if data['issuer'] == 'thi-tran-nui-thanh' else 'xã'}" in scan(page).plain
            )
            found += 1
    assert found >= 20
    assert (site / "tam-hai" / "van-ban" / "index.html").is_file()


def test_no_internal_link_or_anchor_is_broken_on_any_site(site: Path) -> None:
    report = check_links(site)
    assert report.broken == []
    assert all(url.startswith(("http://", "https://")) for url in report.external)


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The merge fixture: Tam Xuân I merged into Tam Xuân II on 1 July 2025."""
    root = copy_portal(tmp_path_factory.mktemp("merge"))
    path = root / "communes/tam-xuan-1/commune.yml"
    path.write_text(path.read_text(encoding="utf-8") + "valid_to: 2025-06-30\nmerged_into: tam-xuan-2\n")
    result = run_cli(root, "build", "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_merged_commune_keeps_an_archive_under_a_banner(merged: Path) -> None:
    for page in html_files(merged / "tam-xuan-1"):
        if page.name == "index.html" and "http-equiv" not in page.read_text(encoding="utf-8"):
            assert "Đơn vị đã sáp nhập vào xã Tam Xuân II từ ngày 01 tháng 07 năm 2025." in scan(page).plain, page
    home = scan(merged / "tam-xuan-1/index.html").plain
    assert "Trang lưu trữ" in home


def test_merged_commune_sections_redirect_to_the_successor(merged: Path) -> None:
    html = (merged / "tam-xuan-1/tin-tuc/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../tam-xuan-2/tin-tuc/">' in html
    assert '<link rel="canonical" href="https://nuithanh.quangnam.gov.vn/tam-xuan-2/tin-tuc/">' in html
    posts = list((merged / "tam-xuan-1/tin-tuc").glob("20*/*/index.html"))
    assert posts and all("http-equiv" not in p.read_text(encoding="utf-8") for p in posts)


def test_directory_lists_former_units_separately(merged: Path) -> None:
    page = scan(merged / "xa-thi-tran/index.html")
    text = page.plain
    former = text[text.index("Đơn vị hành chính trước đây") :]
    assert "Xã Tam Xuân I" in former and "Đã sáp nhập vào xã Tam Xuân II" in former
    assert "16 đơn vị hành chính cấp xã đang hoạt động" in text
    assert check_links(merged).broken == []


def test_standalone_commune_site_works_at_its_own_root(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    out = tmp_path / "tamhai"
    result = run_cli(root, "build", "--site", "tam-hai", "--base-url", "https://tamhai.example.vn", "--out", str(out))
    assert result.returncode == 0, result.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://tamhai.example.vn/">' in home
    assert 'href="https://nuithanh.quangnam.gov.vn/"' in home
    assert 'href="https://nuithanh.quangnam.gov.vn/tam-tien/"' in home
    assert not (out / "tam-hai").exists() and not (out / "du-lieu").exists()
    assert check_links(out).broken == []
    # Its search covers the commune alone, at its own root: results link inside the site.
    assert 'data-portal-root="./"' in home
    results, _ = search(out / "search", "ket hon tam hai")
    assert results[0].url == "huong-dan/dang-ky-ket-hon-truc-tuyen/"
    assert all(result.site == "tam-hai" and (out / result.url / "index.html").is_file() for result in results)


def test_only_rebuilds_one_site(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    others = digest(root / "site" / "tam-tien")
    page = root / "communes/tam-hai/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCâu mới để thử dựng lại một xã.\n", encoding="utf-8")
    result = run_cli(root, "build", "--only", "tam-hai", "--as-of", "2024-12-31")
    assert result.returncode == 0 and "[1/1] Xã Tam Hải" in result.stdout
    assert "Câu mới để thử dựng lại một xã." in (root / "site/tam-hai/gioi-thieu/index.html").read_text(
        encoding="utf-8"
    )
    assert digest(root / "site" / "tam-tien") == others
    assert run_cli(root, "build", "--only", "khong-co").returncode == 2


def test_build_reports_progress_for_every_site(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    result = run_cli(root, "build", "--as-of", "2024-12-31")
    assert result.returncode == 0
    assert len(re.findall(r"^\[\d+/18\] ", result.stdout, re.M)) == 18
    assert "Đã dựng 18 trang web" in result.stdout


def test_commune_yml_problems_are_all_reported(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    before = digest(root / "site")
    path = root / "communes/tam-hai/commune.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^email: .*$", "email: tamhai-at-example", text, flags=re.M)
    text = re.sub(r"^phone: .*$", "phone: goi-cho-toi", text, flags=re.M)
    text = re.sub(r"^code: .*$", f'code: "{commune("tam-tien")["code"]}"', text, flags=re.M)
    path.write_text(text + "merged_into: tam-tienn\nvalid_to: 2025-06-30\nwebsite: x\n", encoding="utf-8")
    result = run_cli(root, "build", "--as-of", "2024-12-31")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = text.splitlines()
    line_of = {line.split(":")[0]: number for number, line in enumerate(lines, start=1) if ":" in line}
    assert (
        f"communes/tam-hai/commune.yml:{line_of['email']}:8: 'email' phải là một địa chỉ thư điện tử" in result.stderr
    )
    assert f"communes/tam-hai/commune.yml:{line_of['phone']}:8: 'phone' phải là một số điện thoại" in result.stderr
    assert f"communes/tam-hai/commune.yml:{len(lines) + 3}:1: khóa không được hỗ trợ 'website'" in result.stderr
    assert digest(root / "site") == before
    fixed = text.replace("tamhai-at-example", "tamhai@example.vn").replace("goi-cho-toi", "0235 3871 999")
    path.write_text(fixed + "merged_into: tam-tienn\nvalid_to: 2025-06-30\n", encoding="utf-8")
    result = run_cli(root, "check")
    assert (
        f"communes/tam-hai/commune.yml:{len(lines) + 1}:14: merged_into: không có đơn vị 'tam-tienn'" in result.stderr
    )
    assert "(có phải ý bạn là 'tam-tien'?)" in result.stderr
    assert "mã đơn vị hành chính" in result.stderr and "trùng với communes/" in result.stderr


def test_from_the_district_to_a_commune_and_back(browser, site: Path) -> None:
    for base in serve_folder(site):
        page = browser.new_page()
        page.goto(base, wait_until="networkidle")
        page.get_by_role("link", name="Xã, thị trấn").first.click()
        page.wait_for_load_state()
        page.get_by_role("link", name="Xã Tam Hải").click()
        page.wait_for_load_state()
        assert page.url == base + "tam-hai/"
        assert page.get_by_role("heading", name="Lãnh đạo").is_visible()
        page.locator(".portal-parent").get_by_role("link", name="Ủy ban nhân dân huyện Núi Thành").click()
        page.wait_for_load_state()
        assert page.url == base
        page.close()
