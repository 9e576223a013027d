"""What a citizen sees, in Debian's Chromium: rendering, privacy, printing, and live preview."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, copy_portal, free_port

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.remote_requests = []
    tab.failed_responses = []
    tab.on("response", lambda response: response.status >= 400 and tab.failed_responses.append(response.url))
    tab.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")  # failed loads are checked as responses
            and tab.console_errors.append(msg.text)
        ),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    tab.on(
        "request",
        lambda request: (
            urlsplit(request.url).hostname not in LOCAL_HOSTS
            and urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and tab.remote_requests.append(request.url)
        ),
    )
    yield tab
    context.close()


@pytest.mark.parametrize("path", ["", "gioi-thieu/co-cau-to-chuc/", "tin-tuc/", "en/contact/", "lien-ket/"])
def test_pages_render_without_errors_or_third_party_requests(page, server: str, path: str) -> None:
    response = page.goto(server + path, wait_until="networkidle")
    assert response.ok
    assert page.locator("h1").first.is_visible()
    assert page.locator(".md-footer").get_by_text("Chịu trách nhiệm nội dung").is_visible()
    assert page.console_errors == []
    assert page.failed_responses == []
    assert page.remote_requests == []


def test_not_found_page_is_styled_and_leads_home(page, root_server: str) -> None:
    missing = root_server + "khong-co/trang-nay/"
    response = page.goto(missing, wait_until="networkidle")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert page.failed_responses == [missing]
    assert page.console_errors == [] and page.remote_requests == []
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_load_state()
    assert page.url == root_server


def test_home_page_shows_quick_links_and_news(page, server: str) -> None:
    page.goto(server, wait_until="networkidle")
    for name in ("Văn bản", "Thủ tục hành chính", "Tin tức"):
        assert page.locator(".grid.cards").get_by_role("link", name=name).first.is_visible()
    first_news = page.locator(".portal-posts__item a").first
    first_news.click()
    page.wait_for_load_state()
    assert "/tin-tuc/2024/" in page.url


def test_relative_links_work_under_a_subpath(page, server: str) -> None:
    page.goto(server + "gioi-thieu/lien-he/", wait_until="networkidle")
    page.get_by_role("link", name="Minh bạch").first.click()
    page.wait_for_load_state()
    assert page.url == server + "minh-bach/"
    stylesheet = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert stylesheet == "rgb(164, 22, 26)"


def test_print_hides_navigation_and_shows_link_targets(page, server: str) -> None:
    page.goto(server + "lien-ket/", wait_until="networkidle")
    print_button = page.locator("[data-portal-print]")
    assert print_button.is_visible()
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".portal-search-box",
        ".portal-actions",
        ".md-banner",
    ):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator(".portal-footer").is_visible()
    link = page.locator("article a[href^='https://dichvucong.gov.vn']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "dichvucong.gov.vn" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_serve_rebuilds_and_reloads_after_an_edit(browser, tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "preview")
    port = free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        line = process.stdout.readline()
        deadline = time.monotonic() + 60
        while "Xem trước tại" not in line and time.monotonic() < deadline:
            assert process.poll() is None, line
            line = process.stdout.readline()
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/lien-ket/")
        assert page.locator("article h1").is_visible()
        source = root / "content/lien-ket.md"
        original = source.read_text(encoding="utf-8")
        source.write_text(original + "\n\nĐoạn mới thêm để thử tải lại trang.\n", encoding="utf-8")
        page.get_by_text("Đoạn mới thêm để thử tải lại trang.").wait_for(timeout=30_000)
        source.write_text("---\ntitle: Liên kết\nsai_khoa: 1\n---\n", encoding="utf-8")
        overlay = page.locator("#portal-preview-errors")
        overlay.wait_for(timeout=30_000)
        assert "content/lien-ket.md:3:1:" in overlay.inner_text()
        source.write_text(original, encoding="utf-8")
        page.locator("#portal-preview-errors").wait_for(state="detached", timeout=30_000)
        assert page.get_by_text("Đoạn mới thêm để thử tải lại trang.").count() == 0
        page.goto(f"http://127.0.0.1:{port}/tam-hai/gioi-thieu/")
        commune_page = root / "communes/tam-hai/gioi-thieu.md"
        commune_page.write_text(commune_page.read_text(encoding="utf-8") + "\n\nCâu mới của xã Tam Hải.\n")
        page.get_by_text("Câu mới của xã Tam Hải.").wait_for(timeout=30_000)
        assert page.locator(".portal-parent").is_visible()
        # An edited document record: its page is rewritten at once, before the full rebuild.
        page.goto(f"http://127.0.0.1:{port}/van-ban/2019/01-ctr-ubnd/")
        record = root / "legal-db/nui-thanh/2019/01-ctr-ubnd.yml"
        text = record.read_text(encoding="utf-8")
        assert text.count("Công tác năm 2019") == 1
        record.write_text(text.replace("Công tác năm 2019", "Công tác được sửa năm 2019"), encoding="utf-8")
        page.get_by_text("Công tác được sửa năm 2019").first.wait_for(timeout=30_000)
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Đã cập nhật trang văn bản" in process.stdout.read()
    # Stopped while the full rebuild after that edit still ran: no build is left behind.
    assert list(scratch.iterdir()) == []
