"""Unit tests of the building blocks: Vietnamese text, located YAML, schema, Markdown checks, URLs."""

from __future__ import annotations

from datetime import date

import markdown
import pytest
from mkdocs.config import load_config

from portal.load.frontmatter import parse_markdown
from portal.load.yamlsource import parse_yaml
from portal.model.page import Page
from portal.model.urls import relative_url
from portal.problems import Problems
from portal.render import markdown as untrusted
from portal.render.listings import attach, decorate
from portal.render.mkdocs import converters
from portal.validate.markdown import check_links, check_unsafe_html, heading_ids
from portal.validate.schema import Checker, Field
from portal.vietnamese import fold, long_date, short_date, slugify


def test_fold_removes_every_vietnamese_diacritic() -> None:
    assert fold("Giấy phép xây dựng") == "Giay phep xay dung"
    assert fold("ĐƯỜNG Đồng Khởi, đạo") == "DUONG Dong Khoi, dao"
    assert fold("Thủy Hòa Hoà") == "Thuy Hoa Hoa"


def test_slugify_gives_ascii_anchors() -> None:
    assert slugify("Lãnh đạo UBND huyện") == "lanh-dao-ubnd-huyen"
    assert slugify("  Điều 5. Hiệu lực — thi hành  ") == "dieu-5-hieu-luc-thi-hanh"


def test_dates_in_vietnamese_forms() -> None:
    assert long_date(date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert short_date(date(2024, 2, 5)) == "05/02/2024"


def test_yaml_positions_and_duplicate_keys() -> None:
    problems = Problems()
    data = parse_yaml("a: 1\nb:\n  c: x\n  c: y\n  e: z\nd: [1, 2]\n", "f.yml", problems)
    assert data.key_mark("b").line == 2
    assert data["b"].key_mark("c").line == 4
    # After a repeated key, the keys that follow keep their own positions; the value kept is the last.
    assert (data["b"].value_mark("c"), data["b"].value_mark("e")) == ((4, 6), (5, 6))
    assert data.value_marks() == {"a": (1, 4), "b": (3, 3), "d": (6, 4)}
    assert (data["d"].item_mark(1), data["d"].item_mark(2), data.key_mark("zz")) == ((6, 8), (6, 4), (1, 1))
    assert [str(p) for p in problems.items] == ["f.yml:4:3: khóa 'c' bị lặp (đã có ở dòng 3)"]


def test_yaml_syntax_error_is_located() -> None:
    problems = Problems()
    assert parse_yaml("a: [1, 2\nb: 3\n", "f.yml", problems) is None
    assert problems.items[0].path == "f.yml" and problems.items[0].line == 2


def test_yaml_keeps_impossible_dates_as_text() -> None:
    problems = Problems()
    assert parse_yaml("d: 2024-02-30\n", "f.yml", problems)["d"] == "2024-02-30"
    assert not problems


def test_yaml_aliases_merges_tags_and_recursion() -> None:
    problems = Problems()
    data = parse_yaml(
        "base: &b {x: 1, d: 2024-01-02}\nuse:\n  <<: *b\n  y: [yes, ~, 1.5, !!str 7]\nsame: *b\nenv: !ENV HOME\n",
        "f.yml",
        problems,
    )
    assert not problems
    assert data["use"] == {"x": 1, "d": "2024-01-02", "y": [True, None, 1.5, "7"]}
    assert data["same"] is data["base"] and data["use"]["y"].item_mark(3).column == 20
    assert (data["env"], data["env"].tag) == ("HOME", "!ENV")
    assert parse_yaml("a: &a [1, *a]\n", "r.yml", problems) is None  # a recursive alias: located, not raised
    assert [(p.path, p.line) for p in problems.items] == [("r.yml", 1)]


def test_front_matter_line_numbers_count_from_the_file_start() -> None:
    problems = Problems()
    source = parse_markdown("---\ntitle: A\nupdatd: 2024-01-01\n---\nbody\n", "p.md", problems)
    assert source.meta.key_mark("updatd").line == 3
    assert source.body_line == 5
    Checker("p.md", problems).mapping(source.meta, (Field("title"), Field("updated", "date")), source.meta.mark)
    assert [str(p) for p in problems.items] == [
        "p.md:3:1: khóa không được hỗ trợ 'updatd' (có phải ý bạn là 'updated'?)"
    ]


def test_schema_reports_every_problem_of_a_record() -> None:
    problems = Problems()
    text = "name: <b>x</b>\nwhen: 2023-02-29\nmail: not-an-email\nflag: 'yes'\n"
    data = parse_yaml(text, "r.yml", problems)
    fields = (
        Field("name"),
        Field("when", "date"),
        Field("mail", "email"),
        Field("flag", "bool"),
        Field("needed", required=True),
    )
    Checker("r.yml", problems).mapping(data, fields, data.mark)
    lines = sorted((p.line, p.message) for p in problems.items)
    assert [line for line, _ in lines] == [1, 1, 2, 3, 4]
    assert any("HTML" in message for _, message in lines)
    assert any("không tồn tại" in message for _, message in lines)
    assert any("thiếu khóa bắt buộc 'needed'" in message for _, message in lines)


def test_unclosed_front_matter() -> None:
    problems = Problems()
    parse_markdown("---\ntitle: A\n", "p.md", problems)
    assert problems.items[0].line == 1 and "không có dòng '---'" in problems.items[0].message


def _source(body: str, rel: str = "content/a/b.md"):
    return parse_markdown("---\ntitle: T\n---\n" + body, rel, Problems())


def test_link_checker_resolves_pages_files_and_anchors() -> None:
    problems = Problems()
    body = (
        "[ok](../c.md) [anchor](../c.md#muc-mot) [bad anchor](../c.md#khong-co)\n"
        "[missing](nothing.md) [dir](../d/) ![img](hinh.png) [abs](/x/)\n"
        "`[code](ignored.md)` [web](https://quangnam.gov.vn/) ![remote](https://cdn.example.org/a.png)\n"
        "```\n[fenced](ignored.md)\n```\n"
        '<a href="../c.md">html</a> [self](#phan-nay)\n\n## Phần này\n'
        "[^1]: Một chú thích, không phải liên kết.\n"
    )
    files = {"c.md", "a/b.md", "a/hinh.png", "d/index.md"}
    anchors = {"c.md": {"muc-mot"}, "a/b.md": heading_ids(_source(body))}
    check_links(_source(body), "a/b.md", files, anchors, problems)
    found = sorted((p.line, p.column) for p in problems.items)
    assert found == [(4, 54), (5, 11), (5, 29), (5, 59), (6, 64)], [str(p) for p in problems.items]


def test_unsafe_html_is_reported() -> None:
    problems = Problems()
    check_unsafe_html(_source('<script>alert(1)</script>\n<img src="a.png" onerror="x()">\n'), problems)
    assert [(p.line, p.column) for p in problems.items] == [(4, 1), (5, 18)]


def test_relative_urls_between_directory_pages() -> None:
    assert relative_url("tin-tuc/2024/a/", "") == "tin-tuc/2024/a/"
    assert relative_url("tin-tuc/2024/a/", "tin-tuc/") == "2024/a/"
    assert relative_url("", "gioi-thieu/lien-he/") == "../../"
    assert relative_url("tin-tuc/", "tin-tuc/") == "./"


def test_an_appendix_goes_in_after_markdown_even_when_the_page_swallows_its_marker() -> None:
    page = Page("thu-tuc/index.md", "content/thu-tuc/index.md", "Thủ tục hành chính")
    appendix = '<ul class="portal-list"><li>Đăng ký khai sinh</li></ul>'
    converter = markdown.Markdown(extensions=["pymdownx.superfences"])
    html = attach(converter.convert(decorate("Giới thiệu *ngắn*.", appendix)), page, appendix)
    assert html == "<p>Giới thiệu <em>ngắn</em>.</p>\n" + appendix
    # A code block left open at the end shows the marker as text: the appendix still comes, last.
    html = attach(converter.reset().convert(decorate("```\nmã chưa đóng", appendix)), page, appendix)
    assert html.endswith(appendix) and html.count(appendix) == 1
    assert attach("<p>Không có phụ lục.</p>", page, None) == "<p>Không có phụ lục.</p>"
    post = Page("tin-tuc/2024/a.md", "content/tin-tuc/2024/a.md", "Tin", date=date(2024, 3, 12), category="Thông báo")
    header = '<p class="portal-post__meta"><time datetime="2024-03-12">Ngày 12 tháng 03 năm 2024</time>'
    assert (
        attach("<h1>Tin</h1>", post, None)
        == f'{header} · <span class="portal-post__category">Thông báo</span></p>\n<h1>Tin</h1>'
    )


def test_converters_without_idle_patterns_give_the_html_of_the_full_one(sample_root) -> None:
    """Each body is converted without the inline patterns and block processors its characters cannot
    trigger: the HTML must be the full converter's, for every one, and for texts that only look close."""
    texts = [
        "**Điều 1.** Ban hành *kế hoạch*; 2 * 3 = 6 và a_b_c.",
        "Mã `x = 1` và ``a ` b``, \\*không nghiêng\\*, \\[ngoặc\\]",
        "[Liên kết](https://dichvucong.gov.vn) và [tham chiếu][1], [ngắn]\n\n[1]: https://a.vn",
        "![Ảnh](anh.png) ![Ảnh ngoài](https://x.vn/a.png) ![tham chiếu][a] ![a]\n\n[a]: b.png",
        "<https://congbao.gov.vn> và <a@b.vn>, <script>alert(1)</script> <b>đậm</b>",
        "Dòng có hai dấu cách  \nxuống dòng và CRLF  \r\nở đây",
        "Có tab\t\nxuống dòng",  # the tab becomes two spaces: a line break
        "&amp; &#38; &#x26; &copy; & không phải thực thể; AT&T",
        "| Cột | Số |\n|---|---|\n| `a|b` | [x](y) |",
        "Thuật ngữ\n:   Định nghĩa có *nhấn mạnh* và <c@d.vn>",
        "1. Một\n2. Hai\n\n- Ba\n    mã thụt lề `x`",
        "Không có ký tự đặc biệt nào cả.",
        "# Tiêu đề\n\nĐoạn #2 và ## không ở đầu dòng\n\n### Mục ###",
        "> Trích dẫn *ngắn*\n> hai dòng\n\nCòn 3 > 2 ở giữa dòng",
        "Câu có dấu : ở giữa\n: không phải định nghĩa vì không có thuật ngữ",
        "Một | dấu gạch đứng, không phải bảng\n\n| Một cột |\n| --- |\n| ô |",
        "dòng một \x02 \ndòng hai, \x03[ngoặc\x02](\x03https://a.vn)",  # removed first, they join spaces
    ]
    for path in sorted((sample_root / "legal-db").rglob("*.yml")):
        record = parse_yaml(path.read_text(encoding="utf-8"), path.name, Problems())
        if isinstance(record, dict) and isinstance(record.get("body"), str):
            texts.append(record["body"])
    full = untrusted._new_converter()
    for text in texts:
        assert untrusted.untrusted_markdown(text) == full.reset().convert(text), text
    # A renamed pattern or processor would silently always run.
    assert set(untrusted._NEEDS) <= set(full.inlinePatterns._data)
    assert set(untrusted._BLOCK_NEEDS) <= set(full.parser.blockprocessors._data)
    assert len(untrusted._converters) > 5


def test_page_converters_without_idle_patterns_give_the_html_of_the_full_one(
    sample_root, tmp_path, monkeypatch
) -> None:
    """MkDocs converts each page with a converter chosen for the text the plugin saw last: without
    the patterns and processors, those of the pages' extensions too, that the text cannot trigger."""
    # Converters of earlier builds in this process carry MkDocs' processors of their last page.
    monkeypatch.setattr(converters, "_CONVERTERS", [])
    config = load_config(str(sample_root / "mkdocs.yml"))
    options = {"extensions": config["markdown_extensions"], "extension_configs": config["mdx_configs"]}
    texts = [
        '!!! note "Lưu ý"\n    Mang theo *căn cước*.\n\nĐoạn sau.',
        '<div class="admonition note" markdown>\nNội dung\n</div>\n\n    thụt lề sau khối',
        '??? info "Chi tiết"\n    Ẩn.\n\n???+ note "Mở"\n    Hiện.',
        '=== "Điện thoại"\n\n    Mở ứng dụng.\n\n=== "Máy tính"\n\n    Mở trang.',
        "Có chú thích[^1].\n\n[^1]: Lời chú thích.",
        "Hồ sơ HTML.\n\n*[HTML]: Ngôn ngữ đánh dấu siêu văn bản",
        "```\n# không phải tiêu đề | [x] > y\n```\n\nĐoạn thường.",
        "# Tiêu đề {#rieng}\n\nĐoạn có dấu ! ? = và ^ lẻ.",
        "Không có ký tự đặc biệt nào cả.",
        # Markdown removes these two characters first: the markers they split are whole again.
        "Có chú thích[\x02^1].\n\n[\x02^1]: Lời chú thích.\n\n*\x02[HTML]: Ngôn ngữ",
        '!\x02!! note "Lưu ý"\n    Nội dung.\n\n?\x03?? note "Chi tiết"\n    Ẩn.',
        '=\x02== "A"\n\n    Một.\n\n=\x02== "B"\n\n    Hai.',
        # Raw HTML read as a browser reads it makes elements the next indented block continues.
        '<div class="&#97;dmonition note" markdown>\nNội dung\n</div>\n\n    thụt lề sau khối',
        "<DETAILS markdown>\n<summary>Tóm tắt</summary>\nNội dung\n</DETAILS>\n\n    thụt lề sau khối",
        '<div class="t&#97;bbed-set t&#97;bbed-alternate" markdown>\n<div markdown>\n<div markdown>\nx\n'
        "</div>\n</div>\n</div>\n\n    thụt lề sau khối",
    ]
    texts += [path.read_text(encoding="utf-8") for path in sorted((sample_root / "content").rglob("*.md"))]
    full = markdown.Markdown(**options)
    for text in texts:
        converters.announce(text)
        assert converters._reused_markdown(**options).convert(text) == full.reset().convert(text), text
    assert any(idle[1] for _, _, idle, _ in converters._CONVERTERS)  # some processors were left out
    assert set(untrusted._PAGE_NEEDS) <= set(full.inlinePatterns._data)
    assert set(untrusted._PAGE_BLOCK_NEEDS) <= set(full.parser.blockprocessors._data)
    # An extension not known to keep the text as it is turns the shortcut off: snippets insert files.
    (tmp_path / "chen.md").write_text("## Tiêu đề chèn\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    snippets = {
        "extensions": [*options["extensions"], "pymdownx.snippets"],
        "extension_configs": {**options["extension_configs"], "pymdownx.snippets": {"base_path": [str(tmp_path)]}},
    }
    text = 'Đoạn đầu.\n\n--8<-- "chen.md"\n'
    converters.announce(text)
    html = converters._reused_markdown(**snippets).convert(text)
    assert html == markdown.Markdown(**snippets).convert(text) and "<table>" in html
    converters.announce("Không có ký tự đặc biệt nào cả.")
    with pytest.raises(RuntimeError):  # a converter chosen for another text refuses to run
        converters._reused_markdown(**options).convert("# Tiêu đề")
