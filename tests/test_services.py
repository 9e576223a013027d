"""Online public services: procedures, guides with leaflets and posters, coverage, news feeds, statistics."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml

from tests.conftest import ROOT, copy_portal, serve_folder
from tests.htmlscan import scan
from tests.test_bad_input import run_cli

SITE_URL = "https://nuithanh.quangnam.gov.vn/"
PROCEDURES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (ROOT / "content/thu-tuc").glob("*.yml")
}
ONLINE = {slug: data for slug, data in PROCEDURES.items() if data.get("service_level")}
ZBARIMG = shutil.which("zbarimg")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


GUIDES = {path.stem: front_matter(path) for path in (ROOT / "content/huong-dan").glob("*.md") if path.stem != "index"}
COMMUNE_GUIDES = {
    (path.parent.parent.name, path.stem): front_matter(path)
    for path in (ROOT / "communes").glob("*/huong-dan/*.md")
    if path.stem != "index"
}
ROW_LABELS = (
    "Mã thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Mức độ dịch vụ công trực tuyến",
    "Cơ quan thực hiện",
    "Đối tượng thực hiện",
    "Kết quả thực hiện",
)
SECTIONS = (
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần hồ sơ",
    "Yêu cầu, điều kiện",
    "Mẫu đơn, tờ khai",
    "Căn cứ pháp lý",
    "Hướng dẫn thực hiện",
)


def test_the_sample_has_about_forty_procedures_at_both_levels_all_marked_sample() -> None:
    assert 35 <= len(PROCEDURES) <= 45
    levels = [data["level"] for data in PROCEDURES.values()]
    assert levels.count("Cấp xã") >= 12 and levels.count("Cấp huyện") >= 12
    assert {data.get("service_level") for data in PROCEDURES.values()} == {"toàn trình", "một phần", None}
    assert all(data["sample"] is True for data in PROCEDURES.values())


def test_every_procedure_page_has_every_required_field(site: Path) -> None:
    for slug, data in PROCEDURES.items():
        page = scan(site / "thu-tuc" / slug / "index.html")
        text = page.plain
        headers = [" ".join(h.split()) for h in re.findall(r'<th scope="row">([^<]+)</th>', _html(site, slug))]
        assert all(label in headers for label in ROW_LABELS), slug
        for section in SECTIONS:
            assert page.find("h2", id=_anchor(section)) or section in text, (slug, section)
        assert data["code"] in text and data["result"].split()[0] in text
        for step in data["steps"]:
            assert " ".join(step.replace("**", "").split())[:30] in text, (slug, step)
        for item in data["documents"]:
            assert item["name"] in text
        for channel in data["channels"]:
            assert channel["time"] in text and channel["fee"] in text
        assert "Dữ liệu mẫu" in text


def _html(site: Path, slug: str) -> str:
    return (site / "thu-tuc" / slug / "index.html").read_text(encoding="utf-8")


def _anchor(section: str) -> str:
    return {
        "Trình tự thực hiện": "trinh-tu",
        "Cách thức thực hiện": "cach-thuc",
        "Thành phần hồ sơ": "thanh-phan-ho-so",
        "Yêu cầu, điều kiện": "dieu-kien",
        "Mẫu đơn, tờ khai": "mau-don",
        "Căn cứ pháp lý": "can-cu-phap-ly",
        "Hướng dẫn thực hiện": "huong-dan",
    }[section]


def test_level_badge_and_national_portal_link(site: Path) -> None:
    for slug, data in PROCEDURES.items():
        page = scan(site / "thu-tuc" / slug / "index.html")
        links = [tag.attrs["href"] for tag in page.find("a")]
        badges = [tag.attrs["class"] for tag in page.tags if "portal-level" in tag.attrs.get("class", "")]
        if data.get("service_level"):
            expected = "portal-level--toan-trinh" if data["service_level"] == "toàn trình" else "portal-level--mot-phan"
            assert any(expected in badge for badge in badges), slug
            assert data["national_url"] in links, slug
            assert f"Dịch vụ công trực tuyến {data['service_level']}" in page.plain
        else:
            assert any("portal-level--offline" in badge for badge in badges), slug
            assert not [link for link in links if "dichvucong.gov.vn/p/home" in link], slug


def test_legal_basis_links_to_the_documents_database(site: Path) -> None:
    linked = 0
    for slug, data in PROCEDURES.items():
        numbers = [item["number"] for item in data["legal_basis"] if "number" in item]
        html = _html(site, slug)
        section = html[html.index('id="can-cu-phap-ly"') : html.index('id="huong-dan"')]
        for number in numbers:
            match = re.search(r'<a href="([^"]+)">[^<]*' + re.escape(number), section)
            assert match, (slug, number)
            target = urljoin(f"https://x/thu-tuc/{slug}/", match.group(1))
            assert (site / urlsplit(target).path.lstrip("/") / "index.html").is_file()
            linked += 1
    assert linked >= 5


def test_catalogue_lists_every_procedure_and_communes_list_the_commune_level_ones(site: Path) -> None:
    catalogue = scan(site / "thu-tuc/index.html")
    hrefs = {tag.attrs["href"] for tag in catalogue.find("a")}
    assert all(f"{slug}/" in hrefs for slug in PROCEDURES)
    commune_level = {slug for slug, data in PROCEDURES.items() if data["level"] == "Cấp xã"}
    tam_hai = site / "tam-hai/thu-tuc"
    assert {path.parent.name for path in tam_hai.glob("*/index.html")} == commune_level
    page = scan(tam_hai / next(iter(sorted(commune_level))) / "index.html")
    assert "Ủy ban nhân dân xã Tam Hải" in page.plain
    nav = scan(site / "tam-hai/index.html")
    assert any(tag.attrs.get("href") in ("thu-tuc/", "./thu-tuc/") for tag in nav.find("a"))


def _links(path: Path, url: str) -> set[str]:
    """Site-relative URLs and external URLs a page links to."""
    out = set()
    for tag in scan(path).find("a"):
        href = tag.attrs.get("href", "")
        if not href or href.startswith(("#", "mailto:", "tel:")):
            continue
        absolute = urljoin(SITE_URL + url, href)
        out.add(absolute)
    return out


def test_every_online_service_is_within_three_clicks_of_the_home_page(site: Path) -> None:
    """Home → catalogue → procedure → the service: a breadth-first walk over the built links."""
    depth = {SITE_URL: 0}
    queue = deque([SITE_URL])
    while queue:
        url = queue.popleft()
        if depth[url] >= 3 or not url.startswith(SITE_URL):
            continue
        rel = urlsplit(url).path.lstrip("/")
        path = site / rel / "index.html" if rel.endswith("/") or not rel else site / rel
        if not path.is_file() or path.suffix != ".html":
            continue
        for link in _links(path, rel):
            link = link.split("#")[0]
            if link not in depth:
                depth[link] = depth[url] + 1
                queue.append(link)
    for slug, data in ONLINE.items():
        assert depth.get(data["national_url"], 99) <= 3, slug


def test_coverage_lists_each_online_service_once_with_its_guide_state(site: Path) -> None:
    html = (site / "huong-dan/bao-phu/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-guide="([^"]+)"[^>]*>\s*<th scope="row"><a href="([^"]+)">', html)
    slugs = [href.strip("./").split("/")[-1] for _, href in rows]
    assert sorted(slugs) == sorted(ONLINE)
    taught = {slug for guide in [*GUIDES.values(), *COMMUNE_GUIDES.values()] for slug in guide["procedures"]}
    for state, href in rows:
        slug = href.strip("./").split("/")[-1]
        assert state == ("có" if slug in taught else "chưa có"), slug
    covered = len(taught & set(ONLINE))
    assert f"<strong>{covered}</strong> trên <strong>{len(ONLINE)}</strong>" in html
    assert "Xã Tam Hải" in html  # the commune's guide counts and says where it is


def test_guide_pages_link_procedures_print_views_and_load_video_only_on_click(site: Path) -> None:
    for slug, meta in GUIDES.items():
        page = scan(site / "huong-dan" / slug / "index.html")
        hrefs = [tag.attrs["href"] for tag in page.find("a")]
        assert "to-roi.html" in hrefs and "ap-phich.html" in hrefs
        for procedure in meta["procedures"]:
            assert f"../../thu-tuc/{procedure}/" in hrefs
        html = (site / "huong-dan" / slug / "index.html").read_text(encoding="utf-8")
        assert "<iframe" not in html
        if "video" in meta:
            assert "data-portal-video=" in html
    assert any("video" in meta for meta in GUIDES.values())


def _pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.fixture(scope="module")
def hosted(site: Path):
    yield from serve_folder(site)


def test_leaflet_prints_on_at_most_two_a4_pages_and_the_poster_on_one(browser, hosted: str) -> None:
    page = browser.new_page()
    guides = [f"huong-dan/{slug}/" for slug in GUIDES] + [f"{site}/huong-dan/{slug}/" for site, slug in COMMUNE_GUIDES]
    for guide in guides:
        page.goto(hosted + guide + "to-roi.html", wait_until="load")
        assert 1 <= _pages_of(page.pdf(format="A4", print_background=True)) <= 2, guide
        page.goto(hosted + guide + "ap-phich.html", wait_until="load")
        assert _pages_of(page.pdf(format="A4", print_background=True)) == 1, guide
    page.close()


def _decode(png: Path) -> list[str]:
    result = subprocess.run([ZBARIMG, "--quiet", "--raw", str(png)], capture_output=True, text=True, check=False)
    return sorted(line for line in result.stdout.splitlines() if line)


@pytest.mark.skipif(ZBARIMG is None, reason="zbarimg (Debian zbar-tools) missing: python3 tasks.py test installs it")
def test_qr_codes_decode_to_the_guide_and_the_national_service(browser, hosted: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    for slug, meta in GUIDES.items():
        services = sorted(PROCEDURES[p]["national_url"] for p in meta["procedures"] if "national_url" in PROCEDURES[p])
        page.goto(hosted + f"huong-dan/{slug}/to-roi.html", wait_until="load")
        codes = page.locator("svg.segno")
        found = []
        for index in range(codes.count()):
            png = tmp_path / f"{slug}-{index}.png"
            codes.nth(index).screenshot(path=str(png))
            found += _decode(png)
        assert sorted(found) == sorted([f"{SITE_URL}huong-dan/{slug}/", *services[:2]]), slug
        page.goto(hosted + f"huong-dan/{slug}/ap-phich.html", wait_until="load")
        png = tmp_path / f"{slug}-poster.png"
        page.locator("svg.segno").screenshot(path=str(png))
        assert _decode(png) == [f"{SITE_URL}huong-dan/{slug}/"]
        assert f"nuithanh.quangnam.gov.vn/huong-dan/{slug}" in page.inner_text(".address")
    page.close()


def test_video_makes_no_request_before_the_click(browser, hosted: str) -> None:
    slug = next(slug for slug, meta in GUIDES.items() if "video" in meta)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(hosted + f"huong-dan/{slug}/", wait_until="networkidle")
    assert all(url.startswith(hosted) for url in requests)
    page.get_by_role("button", name="Xem video").click()
    frame = page.locator("iframe.portal-video__frame")
    assert "youtube-nocookie.com/embed/" in frame.get_attribute("src")
    assert frame.get_attribute("title")
    context.close()


def test_catalogue_filters_by_level_and_service_level(browser, hosted: str) -> None:
    page = browser.new_page()
    page.goto(hosted + "thu-tuc/", wait_until="networkidle")
    page.get_by_label("Cấp thực hiện").select_option("Cấp xã")
    visible = page.locator(".portal-procedures__item:visible")
    assert visible.count() == sum(data["level"] == "Cấp xã" for data in PROCEDURES.values())
    page.get_by_label("Mức độ trực tuyến").select_option("toàn trình")
    expected = sum(d["level"] == "Cấp xã" and d.get("service_level") == "toàn trình" for d in PROCEDURES.values())
    assert visible.count() == expected
    assert page.locator(".portal-filter__count").inner_text().startswith(f"Hiển thị {expected}/")
    page.close()


def test_news_is_paginated_categorised_archived_with_atom_feeds(site: Path) -> None:
    posts = list((ROOT / "content/tin-tuc").glob("20*/*.md"))
    assert len(posts) > 10
    assert (site / "tin-tuc/trang-2/index.html").is_file()
    feed = feedparser.parse((site / "tin-tuc/feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title.startswith("Tin tức")
    assert len(feed.entries) == min(20, len(posts))
    dates = [entry.published for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(entry.link.startswith(SITE_URL + "tin-tuc/") for entry in feed.entries)
    categories = {front_matter(path).get("category", "Tin tức") for path in posts}
    for category in categories:
        slug = {"Tin tức": "tin-tuc", "Thông báo": "thong-bao", "Sự kiện": "su-kien"}[category]
        parsed = feedparser.parse((site / f"tin-tuc/chuyen-muc/{slug}/feed.xml").read_bytes())
        assert not parsed.bozo and parsed.entries
        assert {entry.tags[0].term for entry in parsed.entries} == {category}
        assert (site / f"tin-tuc/chuyen-muc/{slug}/index.html").is_file()
    years = {str(front_matter(path)["date"])[:4] for path in posts}
    for year in years:
        assert (site / f"tin-tuc/luu-tru/{year}/index.html").is_file()
    home = scan(site / "index.html")
    assert "Tin mới nhất" in home.plain


def test_every_commune_with_news_has_its_own_feed(site: Path) -> None:
    for folder in sorted((ROOT / "communes").iterdir()):
        if list(folder.glob("tin-tuc/20*/*.md")):
            parsed = feedparser.parse((site / folder.name / "tin-tuc/feed.xml").read_bytes())
            assert not parsed.bozo and parsed.entries, folder.name
            assert all(f"/{folder.name}/tin-tuc/" in entry.link for entry in parsed.entries)


def test_statistics_charts_are_static_svg_with_the_same_numbers_as_their_tables(site: Path) -> None:
    data = yaml.safe_load((ROOT / "content/thong-ke/ho-so.yml").read_text(encoding="utf-8"))
    assert data["sample"] is True
    html = (site / "thong-ke/index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg class="portal-chart"[^>]*role="img"[^>]*>', html)
    assert len(charts) == 2
    rows = data["rows"]
    january = [row for row in rows if row["month"] == "2024-01"]
    online, total = sum(r["online"] for r in january), sum(r["online"] + r["in_person"] for r in january)
    share = f"{100 * online / total:.1f}%".replace(".", ",")
    table_row = re.search(r'<tr><th scope="row">01/2024</th>(.*?)</tr>', html).group(1)
    assert f"{online:,}".replace(",", ".") in table_row and share in table_row
    assert f">{share}</text>" in html  # the chart labels the same value
    assert "Số liệu mẫu" in html
    commune = "tam-hai"
    own = [row for row in rows if row["site"] == commune and row["month"] == "2024-01"]
    commune_html = (site / commune / "thong-ke/index.html").read_text(encoding="utf-8")
    assert f"{own[0]['online']:,}".replace(",", ".") in re.search(r"01/2024</th>(.*?)</tr>", commune_html).group(1)


def test_scaffolds_build_into_a_procedure_and_a_guide_with_leaflet(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    made = run_cli(
        root,
        "new",
        "procedure",
        "--title",
        "Đăng ký hoạt động tín ngưỡng",
        "--level",
        "Cấp xã",
        "--field",
        "Tín ngưỡng, tôn giáo",
        "--code",
        "1.001055",
    )
    assert made.returncode == 0, made.stdout
    guide = run_cli(
        root,
        "new",
        "guide",
        "--title",
        "Hướng dẫn đăng ký hoạt động tín ngưỡng",
        "--procedure",
        "dang-ky-hoat-dong-tin-nguong",
        "--date",
        "2024-12-01",
    )
    assert guide.returncode == 0, guide.stdout
    post = run_cli(root, "new", "post", "--title", "Thông báo lịch tiếp dân", "--category", "Thông báo")
    assert post.returncode == 0, post.stdout
    built = run_cli(root, "build", "--as-of", "2024-12-31")
    assert built.returncode == 0, built.stderr
    assert (root / "site/thu-tuc/dang-ky-hoat-dong-tin-nguong/index.html").is_file()
    assert (root / "site/tam-hai/thu-tuc/dang-ky-hoat-dong-tin-nguong/index.html").is_file()
    assert (root / "site/huong-dan/huong-dan-dang-ky-hoat-dong-tin-nguong/to-roi.html").is_file()


def test_bad_procedures_guides_and_statistics_are_all_reported_in_one_run(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    (root / "content/thu-tuc/thu-tuc-hong.yml").write_text(
        "name: Thủ tục hỏng\n"
        "code: '1.001193'\n"  # the code of birth registration
        "field: Hộ tịch\n"
        "level: Cấp xã\n"
        "agency: UBND xã\n"
        "applicants: Cá nhân\n"
        "steps: [Nộp hồ sơ]\n"
        "channels:\n  - {kind: Trực tiếp, time: 1 ngày, fee: Không}\n"
        "documents:\n  - {name: Tờ khai}\n"
        "result: Giấy xác nhận\n"
        "legal_basis:\n  - number: 999/QĐ-UBND\n",
        encoding="utf-8",
    )
    (root / "content/thu-tuc/truc-tuyen-thieu.yml").write_text(
        "name: Trực tuyến thiếu liên kết\ncode: '9.999999'\nfield: Hộ tịch\nlevel: Cấp xã\n"
        "service_level: toàn trình\nagency: UBND xã\napplicants: Cá nhân\nsteps: [Nộp]\n"
        "channels:\n  - {kind: Trực tiếp, time: 1 ngày, fee: Không}\ndocuments:\n  - {name: Tờ khai}\n"
        "result: Kết quả\nforms:\n  - {file: ../../mkdocs.yml, title: Mẫu}\n  - {file: khong-co.pdf, title: Mẫu}\n"
        "legal_basis:\n  - {title: Luật A, number: 01/QĐ-UBND}\n",
        encoding="utf-8",
    )
    wrong_level = (
        (root / "content/thu-tuc/dang-ky-khai-tu.yml")
        .read_text(encoding="utf-8")
        .replace("level: Cấp xã", "level: Cấp thôn")
    )
    (root / "content/thu-tuc/dang-ky-khai-tu.yml").write_text(wrong_level, encoding="utf-8")
    guide = root / "content/huong-dan/dang-ky-khai-sinh-truc-tuyen.md"
    text = guide.read_text(encoding="utf-8").replace(
        "procedures: [dang-ky-khai-sinh]", "procedures: [dang-ky-khai-sin]"
    )
    guide.write_text(text, encoding="utf-8")
    stats = root / "content/thong-ke/ho-so.yml"
    lines = stats.read_text(encoding="utf-8").splitlines()
    row = next(index for index, line in enumerate(lines) if line.startswith("  - {month: 2024-01, site: nui-thanh"))
    lines[row] = "  - {month: 2024-13, site: nui-thnh, online: 5, in_person: -1, by_procedure: {dang-ky-khai-sinh: 9}}"
    stats.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = row + 1
    for expected in (
        "content/thu-tuc/thu-tuc-hong.yml:2:7: mã thủ tục '1.001193' trùng với content/thu-tuc/dang-ky-khai-sinh.yml",
        "content/thu-tuc/thu-tuc-hong.yml:14:13: không có văn bản số '999/QĐ-UBND' trong legal-db",
        "content/thu-tuc/dang-ky-khai-tu.yml:5:8: 'level' không nhận giá trị 'Cấp thôn' (có phải ý bạn là 'Cấp tỉnh'?)",
        "content/thu-tuc/truc-tuyen-thieu.yml:5:16: dịch vụ công trực tuyến phải có 'national_url'",
        "content/thu-tuc/truc-tuyen-thieu.yml:10:3: dịch vụ công trực tuyến phải có cách thức 'Trực tuyến'",
        "content/thu-tuc/truc-tuyen-thieu.yml:15:12: mẫu đơn '../../mkdocs.yml' nằm ngoài thư mục nội dung",
        "content/thu-tuc/truc-tuyen-thieu.yml:16:12: không tìm thấy mẫu đơn 'khong-co.pdf'",
        "content/thu-tuc/truc-tuyen-thieu.yml:18:5: mỗi căn cứ pháp lý ghi 'number'",
        "content/huong-dan/dang-ky-khai-sinh-truc-tuyen.md:5:14: không có thủ tục 'dang-ky-khai-sin' trong thu-tuc/ "
        "(có phải ý bạn là 'dang-ky-khai-sinh'?)",
        f"content/thong-ke/ho-so.yml:{line}:13: tháng '2024-13' phải có dạng YYYY-MM",
        f"content/thong-ke/ho-so.yml:{line}:28: không có đơn vị 'nui-thnh'",
        f"content/thong-ke/ho-so.yml:{line}:60: 'in_person' không được âm",
        f"content/thong-ke/ho-so.yml:{line}:78: tổng hồ sơ theo thủ tục (9) lớn hơn số hồ sơ trực tuyến (5)",
    ):
        assert expected in result.stderr, result.stderr
