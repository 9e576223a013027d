"""The command line: help in Vietnamese, check on the sample, scaffolding of pages and posts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, copy_portal
from tests.test_bad_input import run_cli


def test_help_is_in_vietnamese(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for word in ("dựng toàn bộ cổng", "xem trước", "kiểm tra", "tạo trang hoặc tin mới"):
        assert word in result.stdout


def test_the_body_helper_can_start_before_the_pipeline_is_imported() -> None:
    """``build`` starts converting bodies, then imports the rest: the command line and the build
    command must not import the pipeline (or the search index and numpy) themselves."""
    code = (
        "import sys, portal.cli, portal.commands.build, portal.render.prepared; "
        "print(sorted(m for m in ('portal.pipeline', 'portal.index', 'numpy', 'mkdocs') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_missing_library_is_named_with_the_command_that_installs_it(tmp_path: Path) -> None:
    """Commands import their libraries when they run, and a missing one still gets the install hint."""
    code = (
        "import runpy, sys; sys.modules['mkdocs'] = None; sys.argv = ['build.py', 'check']; "
        f"runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Thiếu thư viện (mkdocs" in result.stderr and "Hãy chạy: python3 tasks.py site" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_on_the_sample_and_writes_nothing(sample_root: Path) -> None:
    before = sorted(p.relative_to(sample_root) for p in sample_root.rglob("*"))
    result = run_cli(sample_root, "check")
    assert result.returncode == 0, result.stderr
    assert "không có lỗi" in result.stdout
    assert sorted(p.relative_to(sample_root) for p in sample_root.rglob("*")) == before


def test_build_prints_where_and_how_long(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    assert str(root / "site") in result.stdout and "giây" in result.stdout


def test_new_page_and_post_are_valid_and_published(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    page = run_cli(root, "new", "page", "gioi-thieu/lich-su", "--title", "Lịch sử hình thành", "--date", "2024-06-01")
    assert page.returncode == 0, page.stdout
    text = (root / "content/gioi-thieu/lich-su.md").read_text(encoding="utf-8")
    assert 'title: "Lịch sử hình thành"' in text and "updated: 2024-06-01" in text
    post = run_cli(
        root,
        "new",
        "post",
        "--title",
        "Thông báo: lịch tiếp công dân tháng 7",
        "--category",
        "Thông báo",
        "--date",
        "2024-06-28",
    )
    assert post.returncode == 0, post.stdout
    created = root / "content/tin-tuc/2024/thong-bao-lich-tiep-cong-dan-thang-7.md"
    assert "date: 2024-06-28" in created.read_text(encoding="utf-8")
    again = run_cli(root, "new", "post", "--title", "Thông báo: lịch tiếp công dân tháng 7", "--date", "2024-06-28")
    assert again.returncode == 1 and "đã tồn tại" in again.stdout
    assert run_cli(root, "new", "page", "../ngoai", "--title", "X").returncode == 1
    built = run_cli(root, "build")
    assert built.returncode == 0, built.stderr
    assert (root / "site/gioi-thieu/lich-su/index.html").is_file()
    news = (root / "site/tin-tuc/index.html").read_text(encoding="utf-8")
    assert "Thông báo: lịch tiếp công dân tháng 7" in news
