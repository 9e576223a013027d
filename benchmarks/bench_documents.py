#!/usr/bin/env python3
"""Build time, peak memory and page sizes of the portal with N generated documents.

    .venv/bin/python benchmarks/bench_documents.py [--counts 1000,20000]

Each size is built in a fresh process from a copy of the repository's inputs plus
synthetic records (benchmarks/make_documents.py). The largest document page and the
largest listing page show that no page grows with the number of documents.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_documents import write  # noqa: E402

MEASURE = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from portal import pipeline
root = Path(sys.argv[1])
started = time.perf_counter()
report = pipeline.build(root, root / "site", date(2024, 12, 31))
print(json.dumps({"seconds": time.perf_counter() - started, "documents": report.documents,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as scratch:
        root = Path(scratch)
        for name in ("content", "theme", "mkdocs.yml"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
        (root / "legal-db").mkdir()
        write(root, count, ["nui-thanh"], seed=1)
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(root)], capture_output=True, text=True, check=True, cwd=ROOT
        )
        numbers = json.loads(result.stdout.strip().splitlines()[-1])
        site = root / "site" / "van-ban"
        documents = [p.stat().st_size for p in site.glob("[0-9][0-9][0-9][0-9]/*/index.html")]
        listings = [p.stat().st_size for p in site.rglob("index.html") if p.parent.name.startswith("trang-")]
        numbers["largest_document_kb"] = max(documents) / 1024
        numbers["largest_listing_kb"] = max(listings or [0]) / 1024
        numbers["site_mb"] = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 1_048_576
        return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1000,20000")
    args = parser.parse_args()
    print(f"{'documents':>10} {'build s':>8} {'peak MB':>8} {'doc page KB':>12} {'listing KB':>11} {'site MB':>8}")
    for count in (int(value) for value in args.counts.split(",")):
        n = measure(count)
        print(
            f"{count:>10} {n['seconds']:>8.1f} {n['peak_mb']:>8.0f} {n['largest_document_kb']:>12.1f} "
            f"{n['largest_listing_kb']:>11.1f} {n['site_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
