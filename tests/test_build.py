"""The sample portal builds, and its output keeps every promise of the specification."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portal import pipeline
from portal.render.mkdocs.plugin import PortalPlugin
from portal.render.mkdocs.shells import readable
from tests.conftest import AS_OF, copy_portal, delete_cache
from tests.htmlscan import html_files, scan
from tests.test_bad_input import run_cli

SITE_URL = "https://nuithanh.quangnam.gov.vn/"
PAGES = [
    "index.html",
    "gioi-thieu/index.html",
    "gioi-thieu/co-cau-to-chuc/index.html",
    "gioi-thieu/lanh-dao/index.html",
    "gioi-thieu/dau-moi-lien-he/index.html",
    "gioi-thieu/lien-he/index.html",
    "en/index.html",
    "en/contact/index.html",
    "tin-tuc/index.html",
    "van-ban/index.html",
    "thu-tuc/index.html",
    "huong-dan/index.html",
    "ke-hoach/index.html",
    "minh-bach/index.html",
    "minh-bach/ngan-sach/index.html",
    "minh-bach/dau-tu-cong/index.html",
    "minh-bach/danh-muc-thong-tin/index.html",
    "tiep-can-thong-tin/index.html",
    "lien-ket/index.html",
    "tuyen-bo-tiep-can/index.html",
]
LOADING_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src"}
NON_LOADING_LINKS = {"canonical", "alternate"}


def content_pages(site: Path) -> list[Path]:
    """The district's pages (commune sites have their own footer and sitemap)."""
    communes = {path.name for path in (site.parent / "communes").iterdir() if path.is_dir()}
    return [
        path
        for path in html_files(site)
        if path.name == "index.html" and path.relative_to(site).parts[0] not in communes
    ]


def test_required_pages_exist(site: Path) -> None:
    missing = [page for page in PAGES if not (site / page).is_file()]
    assert not missing
    for extra in ("404.html", "sitemap.xml", "robots.txt"):
        assert (site / extra).is_file()


def test_news_posts_have_pages(site: Path) -> None:
    posts = sorted((site / "tin-tuc").glob("20*/*/index.html"))
    assert len(posts) >= 5


def test_every_page_is_in_vietnamese(site: Path) -> None:
    for path in html_files(site):
        assert re.search(r'<html lang="vi"', path.read_text(encoding="utf-8")), path


def test_english_pages_mark_their_content_language(site: Path) -> None:
    for page in ("en/index.html", "en/contact/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert '<div lang="en">' in html
        assert "Last updated:" in html


def test_no_resource_is_loaded_from_another_host(site: Path) -> None:
    for path in html_files(site):
        page = scan(path)
        for tag in page.tags:
            attr = LOADING_ATTRS.get(tag.name)
            if attr and attr in tag.attrs:
                assert not _is_remote(tag.attrs[attr]), (path, tag)
            if tag.name == "link" and not NON_LOADING_LINKS & set(tag.attrs.get("rel", "").split()):
                assert not _is_remote(tag.attrs.get("href", "")), (path, tag)
            if tag.name == "link" and "canonical" in tag.attrs.get("rel", ""):
                assert tag.attrs["href"].startswith(SITE_URL)
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text, css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def test_materials_own_search_client_is_not_published(site: Path) -> None:
    """Only Material's search box fetches its worker and lunr; no page has that box (the portal's
    search is its own), so neither is shipped."""
    assert not [path for path in html_files(site) if 'data-md-component="search"' in path.read_text(encoding="utf-8")]
    assert not list(site.rglob("lunr")) and not list(site.rglob("workers"))
    assert list(site.rglob("bundle.*.min.js"))


def test_links_are_relative_so_the_site_works_under_any_subpath(site: Path) -> None:
    for path in html_files(site):
        if path.name == "404.html":
            continue  # served for any missing address, so it must use the configured base path
        for tag in scan(path).tags:
            for attr in ("href", "src"):
                value = tag.attrs.get(attr, "")
                assert not (value.startswith("/") and not value.startswith("//")), (path, tag)


def test_every_page_has_print_save_updated_date_and_footer(site: Path) -> None:
    for path in content_pages(site):
        html = path.read_text(encoding="utf-8")
        page = scan(path)
        assert page.find("button", **{"data-portal-print": ""}), path
        assert any("download" in tag.attrs for tag in page.find("a")), path
        assert 'class="md-source-file portal-updated"' in html, path
        assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{2}/\d{2}/\d{4}</time>', html), path
        text = page.plain
        assert "Ủy ban nhân dân huyện Núi Thành" in text, path
        assert "Chịu trách nhiệm nội dung:" in text, path
        assert "0235 3871 101" in text and "ubnd@nuithanh.quangnam.gov.vn" in text, path
        assert "Dữ liệu mẫu." in text, path
        assert "Made with" not in text, path


def test_navigation_is_pruned(site: Path) -> None:
    """A page carries its own section's navigation, not the whole site's."""
    html = (site / "gioi-thieu/lien-he/index.html").read_text(encoding="utf-8")
    assert "minh-bach/ngan-sach/" not in html
    assert "../lanh-dao/" in html


def test_news_is_listed_newest_first(site: Path) -> None:
    listing = (site / "tin-tuc/index.html").read_text(encoding="utf-8")
    dates = re.findall(r'class="portal-posts__meta"><time datetime="([\d-]+)"', listing)
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    news, documents = home.split('id="van-ban-moi"')
    assert news.count('class="portal-posts__item"') == 5 and documents.count('class="portal-posts__item"') == 5
    assert re.search(r'href="tin-tuc/2024/[a-z0-9-]+/"', home)


def test_post_shows_its_date_in_vietnamese(site: Path) -> None:
    post = next((site / "tin-tuc").glob("20*/*/index.html"))
    assert re.search(
        r'<p class="portal-post__meta"><time datetime="[\d-]+">Ngày \d{2} tháng \d{2} năm \d{4}</time>',
        post.read_text(encoding="utf-8"),
    )


def test_sitemap_lists_every_page_with_its_date(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    assert len(urls) == len(content_pages(site))
    for url in urls:
        assert url.find("s:loc", ns).text.startswith(SITE_URL)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.find("s:lastmod", ns).text)


def test_robots_points_to_the_sitemap(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_not_found_page_is_vietnamese(site: Path) -> None:
    text = scan(site / "404.html").plain
    assert "Không tìm thấy trang" in text and "Về trang chủ" in text


def test_save_button_names_the_file_after_the_page(site: Path) -> None:
    """Pages filled into a shell once offered to save themselves as ``_portal-shell-a-a.html``."""
    for url in (
        "van-ban/2019/01-ctr-ubnd/",
        "thu-tuc/dang-ky-khai-sinh/",
        "tin-tuc/2023/thong-bao-nghi-le-quoc-khanh-2-9-nam-2023/",
    ):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert f'download="{url.strip("/").replace("/", "-")}.html"' in html, url
    assert not [path for path in html_files(site) if "_portal-shell" in path.read_text(encoding="utf-8")]


EXTRA_POST = """---
title: 'Hỏi & đáp: nộp hồ sơ "trực tuyến"'
date: 2024-06-03
---

# Hỏi & đáp: nộp hồ sơ trực tuyến

## Chuẩn bị

Cần **tài khoản** định danh điện tử.

### Giấy tờ

    mã hồ sơ:   000.00.00.H00
        giữ nguyên khoảng trắng

## Nộp hồ sơ

Xem [thủ tục](../../thu-tuc/index.md).
"""


def _build_with_extra_post(root: Path) -> Path:
    (root / "content/tin-tuc/2024/hoi-dap.md").write_text(EXTRA_POST, encoding="utf-8")
    pipeline.build(root, root / "site", AS_OF)
    return root / "site"


def test_pages_off_the_navigation_are_filled_as_materials_template_renders_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """News posts and guides skip Material's template: their table of contents, article, skip
    link, title, description and address go into the shell of their depth. Every page of the
    portal reads the same as when Material renders each post itself. The reference build also
    converts every page with all of Markdown's patterns and processors: pages on the navigation,
    converted without those their text cannot trigger, are byte-identical to it."""
    shelled = _build_with_extra_post(copy_portal(tmp_path / "shelled"))
    monkeypatch.setattr(PortalPlugin, "_alone", lambda self, config: False)
    monkeypatch.setattr(PortalPlugin, "_last_to_edit", lambda self, config: False)
    rendered = _build_with_extra_post(copy_portal(tmp_path / "rendered"))
    pages = sorted(path.relative_to(rendered) for path in html_files(rendered))
    assert pages == sorted(path.relative_to(shelled) for path in html_files(shelled))
    filled = set()
    for page in pages:
        url = str(page.parent) + "/"
        ours, materials = (root.joinpath(page).read_text(encoding="utf-8") for root in (shelled, rendered))
        assert readable(ours, url) == readable(materials, url), page
        if ours != materials:
            filled.add(str(page.parent))
    off_nav = {
        re.sub(r"^(content|communes)/", "", str(path.relative_to(shelled.parent).with_suffix("")))
        for path in [*shelled.parent.glob("content/**/*.md"), *shelled.parent.glob("communes/**/*.md")]
        if re.search(r"(tin-tuc/20\d\d|huong-dan)/[^/]+\.md$", str(path)) and path.name != "index.md"
    }
    assert filled == off_nav and len(off_nav) > 20
    html = (shelled / "tin-tuc/2024/hoi-dap/index.html").read_text(encoding="utf-8")
    assert '<title>Hỏi & đáp: nộp hồ sơ "trực tuyến" - Cổng thông tin' in html  # as Material writes it
    assert '<a href="#hoi-dap-nop-ho-so-truc-tuyen" class="md-skip">' in html and "\n<head>\n" in html  # from a shell
    assert re.findall(r'<a href="#([^"]+)" class="md-nav__link">', html) == ["chuan-bi", "giay-to", "nop-ho-so"]
    assert "mã hồ sơ:   000.00.00.H00\n    giữ nguyên khoảng trắng" in html


THEME_EDITS = {
    # A partial that reads what only ``base.html`` sets renders differently on its own: the article
    # cannot be found in the shell.
    "partials/actions.html": ('<span data-dir="{{ direction }}"></span>\n', '<span data-dir="ltr"></span>'),
    # Something of the page's own outside the parts a shell fills: the first post read against
    # Material's rendering differs, and that depth keeps Material's template.
    "main.html": (
        "{% block site_meta %}{{ super() }}{% if portal_page and portal_page.is_post %}"
        '<meta property="article:published_time" content="{{ portal_page.date }}">{% endif %}{% endblock %}\n',
        '<meta property="article:published_time" content="2024-06-03">',
    ),
}


@pytest.mark.parametrize("partial", THEME_EDITS)
def test_a_theme_the_shells_cannot_follow_gets_materials_template(tmp_path: Path, partial: str) -> None:
    """Pages a shell would not render as the theme does go through Material's whole template."""
    root = copy_portal(tmp_path / "p")
    addition, expected = THEME_EDITS[partial]
    path = root / "theme" / partial
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    site = _build_with_extra_post(root)
    html = (site / "tin-tuc/2024/hoi-dap/index.html").read_text(encoding="utf-8")
    assert expected in html
    assert "Chuẩn bị" in html and "\n  <head>\n" in html  # Material's indentation: not from a shell
    for post in site.glob("tin-tuc/20*/*/index.html"):
        assert "\n  <head>\n" in post.read_text(encoding="utf-8"), post


def test_a_theme_showing_the_pages_address_in_its_chrome_is_refused(tmp_path: Path) -> None:
    """Generated pages have no Material rendering to fall back on: a theme that prints the page's
    address where no shell fills it would give every document the placeholder's."""
    root = copy_portal(tmp_path / "p")
    footer = root / "theme/partials/copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<p>{{ page.url }}</p>\n", encoding="utf-8")
    result = run_cli(root, "build", "--as-of", "2024-12-31")
    assert result.returncode == 1, result.stderr
    assert "giao diện (theme/) in địa chỉ của trang" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and not (root / "site").exists()


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    other = copy_portal(tmp_path / "again")
    pipeline.build(other, other / "site", AS_OF)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(other / "site"): p.read_bytes() for p in (other / "site").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_parsed_records_cache_is_invisible(tmp_path: Path) -> None:
    """Records parsed once are reused by content; edits and errors behave as without the cache."""
    root = copy_portal(tmp_path / "p")
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    assert list((root / ".cache" / "yaml").glob("*.pickle"))
    record = root / "legal-db/nui-thanh/2019/01-ctr-ubnd.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("Công tác năm 2019", "Công tác sửa đổi 2019"))
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    page = (root / "site/van-ban/2019/01-ctr-ubnd/index.html").read_text(encoding="utf-8")
    assert "Công tác sửa đổi 2019" in page
    broken = root / "legal-db/nui-thanh/2019/99-tb-ubnd.yml"
    broken.write_text("number: 99/TB-UBND\ntitle: [không đóng\n", encoding="utf-8")
    for _ in range(2):  # a file with problems is never cached: reported on every run
        failed = run_cli(root, "build", "--as-of", "2024-12-31")
        assert failed.returncode != 0 and "legal-db/nui-thanh/2019/99-tb-ubnd.yml:" in failed.stdout + failed.stderr
    broken.unlink()
    delete_cache(root)
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    assert page == (root / "site/van-ban/2019/01-ctr-ubnd/index.html").read_text(encoding="utf-8")


def test_pages_converted_one_after_another_share_nothing(tmp_path: Path) -> None:
    """One Markdown converter, reset, serves every MkDocs page: abbreviations, footnotes and tab
    numbers of one page must not reach the next one."""
    root = copy_portal(tmp_path / "p")
    for name, abbreviation, meaning in (("a", "UBND", "Ủy ban nhân dân"), ("b", "HĐND", "Hội đồng nhân dân")):
        (root / f"content/gioi-thieu/trang-{name}.md").write_text(
            f"---\ntitle: Trang {name}\n---\n\nTrang {name} nhắc UBND và HĐND, có chú thích[^1].\n\n"
            f"[^1]: Chú thích của trang {name}.\n\n*[{abbreviation}]: {meaning}\n\n"
            f'=== "Thẻ một"\n\n    Nội dung một.\n\n=== "Thẻ hai"\n\n    Nội dung hai.\n',
            encoding="utf-8",
        )
    pipeline.build(root, root / "site", AS_OF)
    for name, own, other in (("a", "UBND", "HĐND"), ("b", "HĐND", "UBND")):
        html = (root / f"site/gioi-thieu/trang-{name}/index.html").read_text(encoding="utf-8")
        assert re.findall(r"<abbr[^>]*>([^<]+)</abbr>", html) == [own], name
        assert other in html
        notes = re.findall(r'<li id="fn:(\d+)">\s*<p>([^<&]+)', html)
        assert notes == [("1", f"Chú thích của trang {name}.")], name
        assert re.findall(r'id="(__tabbed_\d+_\d+)"', html) == ["__tabbed_1_1", "__tabbed_1_2"], name
