"""The search a citizen uses, in Chromium on the sample portal served under a sub-path."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.index.analysis import query_terms
from portal.index.query import search
from portal.vietnamese import fold

BOX = "#portal-search-box"
OPTION = ".portal-search-box__option"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def _type_in_box(tab, query: str) -> list[str]:
    """Type into the header box; the hrefs of the live results, once they are shown."""
    tab.fill(BOX, query)
    tab.wait_for_function(
        "q => document.querySelector('#portal-search-box-list li:last-child')"
        "?.dataset.href.includes(encodeURIComponent(q))",
        arg=query,
    )
    return tab.locator(OPTION).evaluate_all("options => options.map(o => o.dataset.href)")


def test_unaccented_words_find_the_procedure_or_guide_first_fetching_only_shards(tab, server: str) -> None:
    tab.goto(server + "tam-hai/tin-tuc/", wait_until="networkidle")
    before = len(tab.requests)
    links = _type_in_box(tab, "giay phep xay dung")
    first = urlsplit(links[0]).path
    assert first.startswith("/cong/thu-tuc/") or first.startswith("/cong/huong-dan/"), links
    assert "giay-phep-xay-dung" in first
    assert tab.locator(f"{OPTION} mark").first.inner_text().lower() in {"giấy", "phép", "xây", "dựng"}
    fetched = [urlsplit(url).path for url in tab.requests[before:]]
    assert fetched and all(path.startswith("/cong/search/") and path.endswith(".gz") for path in fetched), fetched
    assert "/cong/search/f.json.gz" not in fetched  # facets only when a filter is used
    assert all(urlsplit(url).netloc == urlsplit(server).netloc for url in tab.requests)
    assert tab.locator(".portal-search-box__all").inner_text().startswith("Xem tất cả")
    with tab.expect_navigation():
        tab.locator(OPTION).first.click()
    assert tab.url == links[0]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("79/2019/qd-ubnd", "van-ban/2019/79-2019-qd-ubnd/"), ("22/2020/nq-hdnd", "van-ban/2020/22-2020-nq-hdnd/")],
)
def test_a_document_number_typed_in_lower_case_finds_that_document_first(tab, server: str, typed, expected) -> None:
    tab.goto(server + "gioi-thieu/", wait_until="networkidle")
    links = _type_in_box(tab, typed)
    assert links[0] == server + expected
    assert fold(tab.locator(".portal-search__meta").first.inner_text()).lower().endswith(typed)


def test_a_commune_page_appears_with_its_commune_badge(tab, server: str) -> None:
    tab.goto(server + "tim-kiem/?q=ket+hon+tam+hai", wait_until="networkidle")
    tab.locator(".portal-search__result").first.wait_for()
    first = tab.locator(".portal-search__result").first
    assert first.locator("a").get_attribute("href").startswith("../tam-hai/")
    assert first.locator(".portal-search__site").inner_text() == "Xã Tam Hải"
    assert "kết quả" in tab.locator(".portal-search__status").inner_text()
    district = tab.locator(".portal-search__site", has_text="Huyện Núi Thành")
    assert district.count() >= 1  # results span the portal, each site named


def test_the_browser_analyses_and_ranks_exactly_as_build_py_search(tab, server: str, site: Path) -> None:
    tab.goto(server, wait_until="networkidle")
    strings = ["Giấy phép  XÂY DỰNG", "Ðường đi", "123/QĐ-UBND và 05/2019/NQ-HĐND", "123 qđ", "Hoà giải", "e\u0301"]
    for text in strings:
        js = tab.evaluate(
            "t => { const q = portalSearch.terms(t); return [q.syllables, q.exact, q.pairs, q.numbers]; }", text
        )
        assert tuple(js) == query_terms(text), text
    queries = ["giay phep xay dung", "đăng ký khai sinh", "79/2019/qd-ubnd", "ngan sach 2024", "ket hon tam hai", "bao"]
    for query in queries:
        found = tab.evaluate("q => portalSearch.index.search(q, {}, 10).then(r => r.results.map(x => x.url))", query)
        expected, _ = search(site / "search", query)
        assert found == [result.url for result in expected], query


def test_the_live_results_are_a_keyboard_combobox(tab, server: str) -> None:
    tab.goto(server + "gioi-thieu/", wait_until="networkidle")
    box = tab.locator(BOX)
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    links = _type_in_box(tab, "dang ky khai sinh")
    assert box.get_attribute("aria-expanded") == "true"
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert tab.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert tab.locator(f"#{active}").get_attribute("data-href") == links[1]
    assert "kết quả" in tab.locator(".portal-search-box [role=status]").inner_text()
    # The results shown again (a late answer, the same query typed again): the chosen option stays chosen.
    tab.evaluate("() => { document.querySelector('#portal-search-box-list li').dataset.before = '1'; }")
    tab.dispatch_event(BOX, "input")
    tab.wait_for_function("() => !document.querySelector('#portal-search-box-list li').dataset.before")
    active = box.get_attribute("aria-activedescendant")
    assert tab.locator(f"#{active}").get_attribute("data-href") == links[1]
    assert tab.locator(f"#{active}").get_attribute("aria-selected") == "true"
    tab.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and tab.locator("#portal-search-box-list").is_hidden()
    tab.keyboard.press("ArrowDown")  # closed: nothing moves
    assert box.get_attribute("aria-activedescendant") is None
    links = _type_in_box(tab, "dang ky khai sinh truc tuyen")
    tab.keyboard.press("ArrowUp")  # wraps to "see all results"
    chosen = tab.evaluate(
        "box => document.getElementById(document.querySelector(box).getAttribute('aria-activedescendant'))"
        "?.dataset.href",
        BOX,
    )
    assert chosen == links[-1]  # read in one go: a late answer may redraw the list between two reads
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    # The option's address, or the form's if a late answer redrew the list meanwhile: the same page.
    assert urlsplit(tab.url).path == "/cong/tim-kiem/"
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["dang ky khai sinh truc tuyen"]}
    tab.locator(".portal-search__result").first.wait_for()
    assert tab.locator("#portal-search-q").input_value() == "dang ky khai sinh truc tuyen"


def test_filters_narrow_the_results_and_stay_in_the_address(tab, server: str) -> None:
    tab.goto(server + "tim-kiem/?q=xay+dung", wait_until="networkidle")
    tab.locator(".portal-search__result").first.wait_for()
    kinds = tab.locator(".portal-search__meta").all_inner_texts()
    assert any("Thủ tục" in text for text in kinds) and any("Văn bản" in text for text in kinds)
    before = len(tab.requests)
    tab.select_option("select[name=kind]", "document")
    tab.wait_for_function("location.search.includes('kind=document')")
    tab.wait_for_function(
        "[...document.querySelectorAll('.portal-search__meta')].every(m => m.textContent.includes('Văn bản'))"
    )
    assert any(url.endswith("/search/f.json.gz") for url in tab.requests[before:])
    tab.select_option("select[name=year]", "2019")
    tab.wait_for_function("location.search.includes('year=2019')")
    tab.wait_for_function(
        "[...document.querySelectorAll('.portal-search__result a')].every(a => a.href.includes('/2019/'))"
    )
    status = tab.locator(".portal-search__status").inner_text()
    assert status.startswith("Tìm thấy")
    tab.reload(wait_until="networkidle")  # the address keeps query and filters
    assert tab.locator("select[name=year]").input_value() == "2019"
    assert tab.locator(".portal-search__filters").get_attribute("open") is not None
    tab.select_option("select[name=issuer]", index=1)
    tab.fill("#portal-search-q", "zzzxqv")
    tab.wait_for_function("document.querySelector('.portal-search__status').textContent.startsWith('Không tìm thấy')")


def test_without_javascript_the_box_opens_the_documents_index(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "tam-hai/tin-tuc/")
    page.fill(BOX, "quyet dinh")
    with page.expect_navigation():
        page.press(BOX, "Enter")
    assert page.url == server + "van-ban/?q=quyet+dinh"
    page.goto(server + "tim-kiem/")
    assert page.locator("noscript").count() == 1
    context.close()


def test_shards_a_server_already_inflated_are_read_as_is(tab, server: str, site: Path) -> None:
    """Hosts that send ``.gz`` with ``Content-Encoding: gzip`` hand the page plain JSON."""

    def inflate(route) -> None:
        name = urlsplit(route.request.url).path.split("/search/", 1)[1]
        route.fulfill(
            status=200, content_type="application/json", body=gzip.decompress((site / "search" / name).read_bytes())
        )

    tab.route("**/search/**", inflate)
    tab.goto(server + "gioi-thieu/", wait_until="networkidle")
    links = _type_in_box(tab, "79/2019/qd-ubnd")
    assert links[0] == server + "van-ban/2019/79-2019-qd-ubnd/"


def test_search_works_on_a_copy_opened_from_disk(browser, site: Path) -> None:
    """Browsers refuse fetch() on file:// pages; the shards' .js twins load as scripts instead."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "tam-hai" / "gioi-thieu" / "index.html").as_uri())
    links = _type_in_box(page, "79/2019/qd-ubnd")
    assert links[0] == (site / "van-ban/2019/79-2019-qd-ubnd/index.html").as_uri()
    shards = [url for url in requests if "/search/" in url]
    assert shards and all(url.endswith(".js") for url in shards)
    page.keyboard.press("Enter")  # no option chosen: the results page, as a file
    page.wait_for_url("**/tam-hai/tim-kiem/index.html?q=79*")
    page.locator(".portal-search__result").first.wait_for()
    assert page.locator(".portal-search__result a").first.get_attribute("href").endswith("index.html")
    # Every folder link of the page opens its index.html rather than a file listing.
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "../../index.html" in hrefs or "../index.html" in hrefs
    assert not [href for href in hrefs if href.endswith("/") and "://" not in href]
    context.close()
