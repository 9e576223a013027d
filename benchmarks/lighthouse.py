#!/usr/bin/env python3
"""Lighthouse audit (mobile emulation) of the built sample portal with Debian's Chromium.

    python3 tasks.py site && .venv/bin/python benchmarks/lighthouse.py

Installs the Lighthouse version pinned in pyproject.toml ([tool.portal] npm_benchmarks)
into .cache/npm, serves site/ on localhost and prints, for the home page, a document,
a news post and a commune home, the four category scores and FCP, LCP, Speed Index and
Total Blocking Time. Goals (Vietnam's 2025 criteria): performance ≥ 95, accessibility,
best practices and SEO 100, FCP < 3 s, LCP < 4 s.
"""

from __future__ import annotations

import functools
import gzip
import json
import subprocess
import sys
import threading
import tomllib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NPM = ROOT / ".cache" / "npm"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


class _Host(SimpleHTTPRequestHandler):
    """A static host as deployed (the README's nginx: gzip on for text types)."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in self.COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def ensure_lighthouse() -> Path:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["portal"]["npm_benchmarks"]
    cli = NPM / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NPM), *spec], check=True
        )
    return cli


def pages(site: Path) -> dict[str, str]:
    document = next(sorted((site / "van-ban").glob("20*/*/index.html")).__iter__()).parent.relative_to(site)
    post = next((site / "tin-tuc").glob("20*/*/index.html")).parent.relative_to(site)
    return {"home": "", "document": f"{document}/", "news post": f"{post}/", "commune home": "tam-hai/"}


def audit(cli: Path, url: str) -> dict[str, float]:
    """Scores (0–100) and metrics of one page; failing audits of score < 1 go to stderr for the record."""
    result = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            "--form-factor=mobile",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(result.stdout)
    scores = {key: round(value["score"] * 100) for key, value in report["categories"].items()}
    audits = report["audits"]
    for key in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][key]["auditRefs"]:
            score = audits[ref["id"]]["score"]
            if ref["weight"] and score is not None and score < 1:
                print(f"  {url}: {key}: {audits[ref['id']]['title']}", file=sys.stderr)
    metrics = {
        "FCP s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "LCP s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "SI s": audits["speed-index"]["numericValue"] / 1000,
        "TBT ms": audits["total-blocking-time"]["numericValue"],
    }
    return scores | metrics


def main() -> None:
    site = ROOT / "site"
    if not (site / "index.html").exists():
        sys.exit("Chưa có site/: chạy python3 tasks.py site trước.")
    cli = ensure_lighthouse()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    columns = ("perf", "a11y", "best", "seo")
    print(
        f"{'page':<14} "
        + " ".join(f"{c:>5}" for c in columns)
        + f" {'FCP s':>6} {'LCP s':>6} {'SI s':>6} {'TBT ms':>7}"
    )
    for name, path in pages(site).items():
        r = audit(cli, base + path)
        print(
            f"{name:<14} {r['performance']:>5} {r['accessibility']:>5} {r['best-practices']:>5} {r['seo']:>5} "
            f"{r['FCP s']:>6.2f} {r['LCP s']:>6.2f} {r['SI s']:>6.2f} {r['TBT ms']:>7.0f}"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
