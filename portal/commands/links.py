"""``links``: the link gate on a built output, and the report of external links (never fetched)."""

from __future__ import annotations

import argparse
from pathlib import Path

from portal.publish.links import check_links


def run_links(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    site = Path(args.site).resolve() if args.site else root / "site"
    if not (site / "index.html").is_file():
        print(f"lỗi: chưa có bản dựng trong {site}; hãy chạy: python build.py build")
        return 2
    report = check_links(site)
    print(f"Liên kết ra ngoài ({len(report.external)} địa chỉ, không kiểm tra trực tuyến):")
    for url, pages in sorted(report.external.items()):
        print(f"  {url}  ← {len(pages)} trang, ví dụ {pages[0]}")
    for line in report.broken:
        print(f"liên kết hỏng: {line}")
    if report.broken:
        print(f"✗ {len(report.broken)} liên kết nội bộ hỏng.")
        return 1
    print("✓ Mọi liên kết và mục neo nội bộ đều dẫn tới đúng chỗ.")
    return 0
