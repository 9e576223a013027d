"""``build`` and ``check``: produce ``site/``, or prove the input is valid without writing."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from portal import pipeline


def as_of(args: argparse.Namespace) -> date:
    """The day legal-force statuses are computed for (``--as-of``, default today)."""
    return date.fromisoformat(args.as_of) if args.as_of else date.today()


def run_build(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "site"
    report = pipeline.build(root, out, as_of(args))
    print(
        f"Đã dựng {report.pages} trang và {report.documents} văn bản vào {report.out_dir} "
        f"trong {report.seconds:.2f} giây."
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    report = pipeline.check(root, as_of(args))
    print(f"Hợp lệ: {report.pages} trang, {report.documents} văn bản, không có lỗi ({report.seconds:.2f} giây).")
    return 0
