"""Bad input: every problem reported as path:line:column in one run, no traceback, site/ untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_portal


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        sha.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            sha.update(path.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_portal(tmp_path_factory.mktemp("bad"))
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def edit(portal: Path) -> Iterator[callable]:
    """Change files of the portal for one test; they are restored afterwards."""
    saved: dict[Path, bytes] = {}

    def change(rel: str, text: str) -> Path:
        path = portal / rel
        if path not in saved:
            saved[path] = path.read_bytes() if path.exists() else b""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    yield change
    for path, data in saved.items():
        if data:
            path.write_bytes(data)
        else:
            path.unlink()


def assert_fails_and_keeps_site(portal: Path, expected: list[str]) -> str:
    before = digest(portal / "site")
    result = run_cli(portal, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr, result.stderr
    assert digest(portal / "site") == before
    assert [p.name for p in portal.iterdir() if p.name.startswith(".site")] == []
    check = run_cli(portal, "check")
    assert check.returncode == 1 and check.stderr == result.stderr
    return result.stderr


def test_unknown_front_matter_key_suggests_the_right_one(portal: Path, edit) -> None:
    edit("content/lien-ket.md", "---\ntitle: Liên kết\ndesciption: Các cổng liên quan\n---\n\nNội dung.\n")
    assert_fails_and_keeps_site(
        portal, ["content/lien-ket.md:3:1: khóa không được hỗ trợ 'desciption' (có phải ý bạn là 'description'?)"]
    )


def test_invalid_front_matter_yaml(portal: Path, edit) -> None:
    edit("content/lien-ket.md", "---\ntitle: [Liên kết\nupdated: 2024-01-01\n---\nNội dung.\n")
    assert_fails_and_keeps_site(portal, ["content/lien-ket.md:3:8: lỗi cú pháp YAML"])


def test_wrong_types_and_impossible_dates(portal: Path, edit) -> None:
    edit(
        "content/lien-ket.md",
        "---\ntitle: Liên kết\nupdated: 2024-02-30\nhide: toc\nlang: fr\n---\nNội dung.\n",
    )
    assert_fails_and_keeps_site(
        portal,
        [
            "content/lien-ket.md:3:10: 'updated': ngày '2024-02-30' không tồn tại",
            "content/lien-ket.md:4:7: 'hide' phải là một danh sách",
            "content/lien-ket.md:5:7: 'lang' không nhận giá trị 'fr'",
        ],
    )


def test_html_in_a_field_is_refused(portal: Path, edit) -> None:
    edit("content/lien-ket.md", "---\ntitle: <script>alert(1)</script>\n---\nNội dung.\n")
    assert_fails_and_keeps_site(portal, ["content/lien-ket.md:2:8: 'title' không được chứa mã HTML"])


def test_broken_link_and_missing_anchor(portal: Path, edit) -> None:
    edit(
        "content/lien-ket.md",
        "---\ntitle: Liên kết\n---\n\nXem [trang](khong-co.md) và [mục](gioi-thieu/lien-he.md#khong-co-muc).\n",
    )
    assert_fails_and_keeps_site(
        portal,
        [
            "content/lien-ket.md:5:13: liên kết tới trang hoặc tệp không tồn tại 'khong-co.md'",
            "content/lien-ket.md:5:35: không có mục '#khong-co-muc' trong 'gioi-thieu/lien-he.md'",
        ],
    )


def test_broken_mkdocs_yml(portal: Path, edit) -> None:
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    edit("mkdocs.yml", config.replace("theme:\n", "theme:\n  - oops\n", 1))
    output = assert_fails_and_keeps_site(portal, ["mkdocs.yml:"])
    assert "lỗi cú pháp YAML" in output


def test_mkdocs_yml_wrong_values_are_located(portal: Path, edit) -> None:
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - Liên kết: lien-ket.md", "  - Liên kết: lien-ket-cu.md")
    config = config.replace("email: ubnd@nuithanh.quangnam.gov.vn", "email: ubnd-at-nuithanh")
    edit("mkdocs.yml", config)
    output = assert_fails_and_keeps_site(
        portal, ["nav: không có trang 'lien-ket-cu.md'", "'extra.portal.agency.email'"]
    )
    assert output.count("mkdocs.yml:") == 2


def test_every_problem_is_reported_in_one_run(portal: Path, edit) -> None:
    edit("content/lien-ket.md", "---\ntitle: Liên kết\ncolor: red\n---\n[x](nowhere.md)\n")
    edit("content/tin-tuc/2024/tin-moi.md", "---\ntitle: Tin\n---\nThiếu ngày đăng.\n")
    edit("content/tuyen-bo-tiep-can.md", "---\ntitle: A\n---\n<iframe src='x.html'></iframe>\n")
    output = assert_fails_and_keeps_site(
        portal,
        [
            "content/lien-ket.md:3:1:",
            "content/lien-ket.md:5:5:",
            "content/tin-tuc/2024/tin-moi.md:2:1: thiếu khóa bắt buộc 'date'",
            "content/tuyen-bo-tiep-can.md:4:1: không được nhúng thẻ <iframe>",
            "content/tuyen-bo-tiep-can.md:4:14: liên kết tới trang hoặc tệp không tồn tại 'x.html'",
        ],
    )
    assert "✗ 5 lỗi" in output
