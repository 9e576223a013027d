"""Quality gates a state portal is audited on: accessibility (axe-core, keyboard), links,
no third parties, and hostile input that never executes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.publish.links import check_links
from tests.conftest import ROOT, copy_portal, serve_folder
from tests.test_bad_input import run_cli

AXE = ROOT / ".cache/npm/node_modules/axe-core/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL = {"127.0.0.1", "localhost"}


def kinds_of_pages(site: Path) -> dict[str, str]:
    """One URL for every kind of page of the district and of a commune."""
    post = next((site / "tin-tuc").glob("20*/*/index.html")).parent.relative_to(site).as_posix()
    document = next(
        path.parent.relative_to(site).as_posix()
        for path in sorted((site / "van-ban").glob("20*/*/index.html"))
        if "Tệp đính kèm" in path.read_text(encoding="utf-8")
        and "Văn bản liên quan" in path.read_text(encoding="utf-8")
    )
    commune_post = next((site / "tam-hai/tin-tuc").glob("20*/*/index.html")).parent.relative_to(site).as_posix()
    return {
        "home": "",
        "article": "gioi-thieu/co-cau-to-chuc/",
        "table page": "minh-bach/ngan-sach/",
        "news list": "tin-tuc/",
        "news post": post + "/",
        "document": document + "/",
        "documents index": "van-ban/",
        "documents by type": "van-ban/loai/quyet-dinh/",
        "English page": "en/contact/",
        "directory": "xa-thi-tran/",
        "commune home": "tam-hai/",
        "commune post": commune_post + "/",
        "commune documents": "tam-hai/van-ban/",
        "procedure": "thu-tuc/dang-ky-khai-sinh/",
        "procedures catalogue": "thu-tuc/",
        "guide": "huong-dan/dang-ky-khai-sinh-truc-tuyen/",
        "leaflet": "huong-dan/dang-ky-khai-sinh-truc-tuyen/to-roi.html",
        "poster": "huong-dan/dang-ky-khai-sinh-truc-tuyen/ap-phich.html",
        "coverage": "huong-dan/bao-phu/",
        "statistics": "thong-ke/",
        "news category": "tin-tuc/chuyen-muc/thong-bao/",
        "news archive": "tin-tuc/luu-tru/2024/",
        "commune procedure": "tam-hai/thu-tuc/dang-ky-ket-hon/",
        "commune statistics": "tam-hai/thong-ke/",
        "search results": "tim-kiem/?q=giay+phep&kind=procedure",
        "commune search results": "tam-hai/tim-kiem/?q=ket+hon",
    }


def axe_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: python3 tasks.py test installs axe-core with npm")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))",
        WCAG_AA,
    )
    return found


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.remote = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).hostname not in LOCAL
            and page.remote.append(request.url)
        ),
    )
    yield page
    context.close()


def test_every_kind_of_page_passes_axe_and_stays_on_the_site(tab, site: Path, root_server: str) -> None:
    problems = {}
    for kind, path in kinds_of_pages(site).items():
        tab.goto(root_server + path, wait_until="networkidle")
        violations = axe_violations(tab)
        if violations:
            problems[kind] = violations
    tab.goto(root_server + "khong-co/trang-nay/", wait_until="networkidle")
    problems["404"] = axe_violations(tab)
    assert {kind: found for kind, found in problems.items() if found} == {}
    assert tab.remote == []


def test_search_with_results_passes_axe_and_stays_on_the_site(tab, root_server: str) -> None:
    tab.goto(root_server, wait_until="networkidle")
    tab.locator("#portal-search-box").click()
    tab.keyboard.type("chuyển đổi số")
    tab.locator(".portal-search-box__option").first.wait_for()
    assert axe_violations(tab) == []
    assert tab.remote == []


def test_mobile_layout_passes_axe(browser, root_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("", "van-ban/", "tam-hai/"):
        page.goto(root_server + path, wait_until="networkidle")
        assert axe_violations(page) == [], path
    context.close()


def test_keyboard_reaches_skip_link_menu_and_search_with_visible_focus(tab, root_server: str) -> None:
    tab.goto(root_server + "gioi-thieu/", wait_until="networkidle")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.classList.contains('md-skip')")
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    reached: list[str] = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("document.activeElement.className + '|' + document.activeElement.name"))
        if reached[-1].endswith("|q"):
            break
    assert any("md-tabs__link" in item for item in reached) or any("md-logo" in item for item in reached)
    assert reached[-1].endswith("|q")
    tab.keyboard.type("ngân sách")
    tab.locator(".portal-search-box__option").first.wait_for()
    tab.keyboard.press("ArrowDown")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.startswith(root_server) and tab.url != root_server + "gioi-thieu/"


def test_links_gate_passes_and_lists_external_links(site: Path, tmp_path: Path) -> None:
    report = check_links(site)
    assert report.broken == []
    assert "https://dichvucong.gov.vn/" in report.external
    result = run_cli(tmp_path, "links", "--site", str(site))
    assert result.returncode == 0 and "https://vbpl.vn/" in result.stdout
    broken = tmp_path / "broken"
    (broken / "a").mkdir(parents=True)
    (broken / "index.html").write_text('<a href="a/">a</a><a href="khong-co/">x</a><a href="a/#muc">y</a>')
    (broken / "a/index.html").write_text("<h2 id='khac'>A</h2>")
    result = run_cli(tmp_path, "links", "--site", str(broken))
    assert result.returncode == 1
    assert "index.html -> khong-co/" in result.stdout and "index.html -> a/#muc" in result.stdout


PAYLOAD = '<script>document.body.dataset.pwned = "script"</script><img src=x onerror="document.body.dataset.pwned=1">'


def _poison(value: object) -> tuple[object, int]:
    """Every string of a YAML tree replaced by the payload; returns the tree and how many."""
    if isinstance(value, dict):
        count = 0
        for key in value:
            value[key], found = _poison(value[key])
            count += found
        return value, count
    if isinstance(value, list):
        pairs = [_poison(item) for item in value]
        return [item for item, _ in pairs], sum(found for _, found in pairs)
    if isinstance(value, str):
        return PAYLOAD, 1
    return value, 0


def test_payload_in_every_field_of_commune_and_settings_is_refused(tmp_path: Path) -> None:
    import yaml

    root = copy_portal(tmp_path / "p")
    path = root / "communes/tam-hai/commune.yml"
    data, count = _poison(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key in ("name", "name_en", "parent", "address", "hours"):
        text = text.replace(f"      {key}: ", f"      {key}: '{PAYLOAD}' # ", 1)
    config.write_text(text, encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    own = [line for line in result.stderr.splitlines() if line.startswith("communes/tam-hai/commune.yml:")]
    assert len(own) >= count
    assert result.stderr.count("mkdocs.yml:") >= 5


def test_hostile_editor_fields_fail_with_clear_messages(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    page = root / "content/lien-ket.md"
    page.write_text(
        f"---\ntitle: '{PAYLOAD}'\ndescription: '<b>x</b>'\n'<script>': 1\n---\nNội dung.\n", encoding="utf-8"
    )
    commune = root / "communes/tam-hai/commune.yml"
    text = commune.read_text(encoding="utf-8").replace("name: Tam Hải", f"name: '{PAYLOAD}'")
    commune.write_text(text, encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/lien-ket.md:2:8: 'title' không được chứa mã HTML" in result.stderr
    assert "content/lien-ket.md:3:14: 'description' không được chứa mã HTML" in result.stderr
    assert "content/lien-ket.md:4:1: khóa không được hỗ trợ '<script>'" in result.stderr
    assert "communes/tam-hai/commune.yml:1:7: 'name' không được chứa mã HTML" in result.stderr


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Payloads, odd Unicode, CRLF, a byte-order mark and very long values where the portal accepts text."""
    root = copy_portal(tmp_path_factory.mktemp("hostile"))
    folder = root / "legal-db/nui-thanh/2024"
    folder.mkdir(parents=True, exist_ok=True)
    nfd_title = "Về việc thử dấu tổ hợp Hòa Thuận".replace("ò", "o\u0300").replace("ề", "e\u0302\u0300")
    long_title = "Về việc " + "rất dài " * 400
    record = "\r\n".join(
        [
            "number: 9999/QĐ-UBND",
            "type: Quyết định",
            f"title: '{PAYLOAD} {nfd_title} \u200b\u200f\u202e đảo chiều'",
            "issuer: 'Sở <i>Tư pháp</i> <script>alert(1)</script>'",
            f"signer: {{name: '{PAYLOAD}', position: '<svg onload=alert(1)>'}}",
            "issued: 2024-12-30",
            f"fields: ['{PAYLOAD}', 'Tư pháp']",
            "sample: true",
            "body: |",
            f"  {PAYLOAD}",
            "  [bấm vào đây](javascript:document.body.dataset.pwned=2) ![x](https://tracker.example/p.gif)",
            "  <iframe src=https://evil.example/></iframe>",
        ]
    )
    (folder / "9999-qd-ubnd.yml").write_bytes(b"\xef\xbb\xbf" + record.encode("utf-8"))
    (folder / "9998-qd-ubnd.yml").write_text(
        f"number: 9998/QĐ-UBND\ntype: Quyết định\ntitle: '{long_title}'\nissuer: nui-thanh\nissued: 2024-12-29\n",
        encoding="utf-8",
    )
    post = root / "content/tin-tuc/2024/tin-thu.md"
    post.write_bytes(
        "\ufeff---\r\ntitle: Tin thử \u200b Hòa\r\ndate: 2024-12-30\r\n---\r\nNội dung có \u202e ký tự.\r\n".encode()
    )
    result = run_cli(root, "build", "--as-of", "2024-12-31")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_hostile_values_build_and_nothing_executes(browser, hostile: Path) -> None:
    dialogs: list[str] = []
    remote: list[str] = []
    for base in serve_folder(hostile):
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda r: urlsplit(r.url).hostname not in LOCAL and remote.append(r.url))
        for path in ("van-ban/2024/9999-qd-ubnd/", "van-ban/2024/9998-qd-ubnd/", "van-ban/", ""):
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("document.body.dataset.pwned") is None, path
            assert page.locator("article img[src='x'], article svg[onload], article iframe").count() == 0, path
        page.goto(base + "van-ban/2024/9999-qd-ubnd/", wait_until="networkidle")
        assert page.get_by_text("<script>document.body.dataset.pwned").first.is_visible()
        page.get_by_text("bấm vào đây").click()
        assert page.evaluate("document.body.dataset.pwned") is None
        assert dialogs == [] and remote == []
        page.close()
    data = json.loads((hostile / "du-lieu/van-ban.json").read_text(encoding="utf-8"))
    titles = [row["trich_yeu"] for row in data["van_ban"]]
    assert any("Hòa Thuận" in title for title in titles), "decomposed diacritics are stored composed (NFC)"
    assert (hostile / "tin-tuc/2024/tin-thu/index.html").is_file()
    assert check_links(hostile).broken == []
