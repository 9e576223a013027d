"""``build`` and ``check``: produce ``site/``, or prove the input is valid without writing."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from portal.render.prepared import converting_ahead, worth_converting


def as_of(args: argparse.Namespace) -> date:
    """The day legal-force statuses are computed for (``--as-of``, default today)."""
    return date.fromisoformat(args.as_of) if args.as_of else date.today()


def run_build(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "site"
    jobs = args.jobs or os.cpu_count() or 1
    # The helper starts before the pipeline's modules are imported, which leaves the second core idle.
    with converting_ahead(root, useful=worth_converting(jobs, args.only, args.site)) as converted:
        from portal import pipeline

        report = pipeline.build(
            root,
            out,
            as_of(args),
            only=args.only,
            standalone=args.site,
            base_url=args.base_url,
            jobs=jobs,
            progress=lambda line: print(line, flush=True),
            force=args.force,
            converted=converted,
        )
    if report.reused:
        print(
            f"Không có gì thay đổi từ lần dựng trước: giữ nguyên {report.out_dir} ({report.pages} trang, "
            f"{report.documents} văn bản; kiểm tra trong {report.seconds:.2f} giây; --force để dựng lại)."
        )
        return 0
    print(
        f"Đã dựng {len(report.sites)} trang web ({report.pages} trang, {report.documents} văn bản) "
        f"vào {report.out_dir} trong {report.seconds:.2f} giây."
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from portal import pipeline

    root = Path(args.root).resolve()
    report = pipeline.check(root, as_of(args), jobs=os.cpu_count() or 1)
    print(
        f"Hợp lệ: {len(report.sites)} trang web, {report.pages} trang, {report.documents} văn bản, "
        f"không có lỗi ({report.seconds:.2f} giây)."
    )
    return 0
