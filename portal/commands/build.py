"""``build`` and ``check``: produce ``site/``, or prove the input is valid without writing."""

from __future__ import annotations

import argparse
from pathlib import Path

from portal import pipeline


def run_build(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "site"
    report = pipeline.build(root, out)
    print(f"Đã dựng {report.pages} trang vào {report.out_dir} trong {report.seconds:.2f} giây.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    report = pipeline.check(root)
    print(f"Hợp lệ: {report.pages} trang, không có lỗi ({report.seconds:.2f} giây).")
    return 0
