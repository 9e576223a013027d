"""``search``: the top results of a query from the prebuilt index, ranked as the browser ranks them."""

from __future__ import annotations

import argparse
from pathlib import Path

from portal.index import OUTPUT_DIR
from portal.index.query import search

KINDS = {"page": "trang", "post": "tin", "document": "văn bản", "procedure": "thủ tục", "guide": "hướng dẫn"}


def run_search(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    site = Path(args.site).resolve() if args.site else root / "site"
    folder = site / OUTPUT_DIR
    if not (folder / "meta.json.gz").is_file():
        print(f"lỗi: chưa có chỉ mục tìm kiếm trong {folder}; hãy chạy: python build.py build")
        return 2
    results, shards = search(folder, args.query, args.limit)
    if not results:
        print(f"Không tìm thấy kết quả cho '{args.query}'.")
        return 1
    sites = shards.meta["sites"]
    for rank, result in enumerate(results, start=1):
        print(f"{rank}. [{sites.get(result.site, result.site)} · {KINDS.get(result.kind, result.kind)}] {result.title}")
        print(f"   /{result.url}")
    return 0
