#!/usr/bin/env python3
"""The portal's search against Pagefind 1.5 and Material's built-in search, on one 20,000-document portal.

    .venv/bin/pip install -e .[test,benchmarks]
    .venv/bin/python benchmarks/bench_search.py [--root /tmp/bench-search] [--count 20000] [--reuse]

The sample portal plus N synthetic documents (benchmarks/make_documents.py) is built once;
Pagefind is run on the built site (content of <article>, as the portal indexes), and
Material's search index is made from the same pages by Material's own ``SearchIndex``.
Each engine is then driven in Chromium (Debian's) through a small page in ``_bench/``,
served with gzip for text files like a real host. For every query, typed with and without
diacritics, it reports:

- bytes: what a fresh browser downloads to answer it (code, index, entries of the top 10);
- cold ms: time to results on that fresh page; warm ms: the same query after another one;
- rank: position of the expected page in the top 10 ("–" when absent);
- same first: whether the query without diacritics has the same first result.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lighthouse import _Host  # noqa: E402
from make_documents import write  # noqa: E402

from portal.vietnamese import fold, slugify  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# (query, expected page). Two-word queries are the ones held to the 150 KB budget.
QUERIES = [
    ("giấy phép xây dựng", "thu-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/"),
    ("đăng ký khai sinh", "thu-tuc/dang-ky-khai-sinh/"),
    ("khai sinh", "thu-tuc/dang-ky-khai-sinh/"),
    ("ngân sách", "minh-bach/ngan-sach/"),
    ("hòa giải tranh chấp đất đai", "thu-tuc/hoa-giai-tranh-chap-dat-dai/"),
    ("kết hôn Tam Hải", "tam-hai/huong-dan/dang-ky-ket-hon-truc-tuyen/"),
    ("79/2019/QĐ-UBND", "van-ban/2019/79-2019-qd-ubnd/"),
]

OURS = """<!doctype html><meta charset="utf-8"><title>portal</title>
<form data-portal-root="../" data-portal-results="../tim-kiem/"><input name="q"></form>
<script>
window.run = async (q) => {
  const t0 = performance.now();
  if (!window.portalSearch) {
    await new Promise((ok) => {
      const s = document.createElement("script");
      s.src = "../assets/search.js";
      s.onload = ok;
      document.body.appendChild(s);
    });
  }
  const found = await portalSearch.index.search(q, {}, 10);
  return { ms: performance.now() - t0, urls: found.results.map((r) => r.url) };
};
</script>"""

PAGEFIND = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
window.run = async (q) => {
  const t0 = performance.now();
  if (!window.pf) { window.pf = await import("../_pagefind/pagefind.js"); await pf.init(); }
  const found = await pf.search(q);
  const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
  return { ms: performance.now() - t0, urls: data.map((d) => d.url) };
};
</script>"""

# Material's own worker, fed as its bundle feeds it; the query goes through Material's default transform.
MATERIAL = """<!doctype html><meta charset="utf-8"><title>material</title>
<script>
let worker = null, ready = null;
const transform = (q) => q.split(/"([^"]+)"/g)
  .map((t, i) => i & 1 ? t.replace(/^\\b|^(?![^\\x00-\\x7F]|$)|\\s+/g, " +") : t).join("")
  .replace(/"|(?:^|\\s+)[*+\\-:^~]+(?=\\s+|$)/g, "").trim();
const ask = (message, type) => new Promise((ok) => {
  worker.onmessage = (event) => { if (event.data.type === type) ok(event.data.data); };
  worker.postMessage(message);
});
window.run = async (q) => {
  const t0 = performance.now();
  if (!worker) {
    worker = new Worker("../assets/javascripts/workers/WORKER");
    ready = fetch("../_material/search_index.json").then((r) => r.json())
      .then((index) => ask({ type: 0, data: { ...index, options: { suggest: false } } }, 1));
  }
  await ready;
  const found = await ask({ type: 2, data: transform(q) }, 3);
  return { ms: performance.now() - t0, urls: found.items.slice(0, 10).map((group) => group[0].location) };
};
</script>"""


@dataclass
class Row:
    engine: str
    query: str
    expected: str
    bytes: int = 0
    cold_ms: float = 0.0
    warm_ms: float = 0.0
    rank: int | None = None
    first: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def prepare(root: Path, count: int, reuse: bool) -> Path:
    """The scale portal, built, with Pagefind's bundle and Material's index beside the portal's."""
    site = root / "site"
    if reuse and (site / "search" / "meta.json.gz").is_file():
        return site
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("content", "theme", "communes", "legal-db", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    write(root, count, ["nui-thanh"], seed=1)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=root, check=True, stdout=subprocess.DEVNULL)
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "_pagefind"]
    subprocess.run([*pagefind, "--root-selector", "article"], check=True, stdout=subprocess.DEVNULL)
    material_index(site)
    return site


def material_index(site: Path) -> None:
    """Material's ``search_index.json`` for every page, made by Material's own indexer."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["vi"], separator=r"[\s\-]+", pipeline=["stopWordFilter"], fields={})
    index.config["fields"] = {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}}
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.startswith(("_", "search")):
            continue
        html = path.read_text(encoding="utf-8")
        found = article.search(html)
        if found:
            url = "" if rel == "." else rel + "/"
            title = re.search(r"<title>(.*?)(?: - [^<]*)?</title>", html)
            title = title.group(1) if title else ""
            page = SimpleNamespace(meta={}, content=found.group(1), toc=[], url=url, title=title)
            index.add_entry_from_context(page)
    target = site / "_material" / "search_index.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(index.generate_search_index(None), encoding="utf-8")


def harnesses(site: Path) -> None:
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).name
    folder = site / "_bench"
    folder.mkdir(exist_ok=True)
    (folder / "ours.html").write_text(OURS, encoding="utf-8")
    (folder / "pagefind.html").write_text(PAGEFIND, encoding="utf-8")
    (folder / "material.html").write_text(MATERIAL.replace("WORKER", worker), encoding="utf-8")


def normalized(url: str) -> str:
    url = re.sub(r"^(\.\./|/)+", "", url.split("#")[0])
    return url.removesuffix("index.html")


def serve(site: Path) -> str:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}/"


def measure(browser, base: str, engine: str, queries: list[tuple[str, str]], cold_runs: int) -> list[Row]:
    rows = []
    for position, (query, expected) in enumerate(queries):
        row = Row(engine, query, expected)
        if position < cold_runs:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}_bench/{engine}.html", wait_until="load")
            requests: list = []
            page.on("requestfinished", lambda request, into=requests: into.append(request))
            result = page.evaluate("q => run(q)", query)
            page.wait_for_timeout(50)
            row.bytes = sum(request.sizes()["responseBodySize"] for request in requests)
            row.cold_ms = result["ms"]
            context.close()
        rows.append(row)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}_bench/{engine}.html", wait_until="load")
    page.evaluate("q => run(q)", "ủy ban nhân dân")  # the first query pays for code and metadata
    for row in rows:
        result = page.evaluate("q => run(q)", row.query)
        row.warm_ms = result["ms"]
        urls = [normalized(url) for url in result["urls"]]
        row.rank = urls.index(row.expected) + 1 if row.expected in urls else None
        row.first = urls[0] if urls else ""
    context.close()
    return rows


def synthetic_query(root: Path) -> tuple[str, str]:
    """A resolution of the synthetic set: its number includes the year, so it names one document."""
    for path in sorted((root / "legal-db" / "synthetic").rglob("*.yml")):
        number = re.search(r"^number: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
        if "NQ-HĐND" in number:
            year = number.split("/")[1]
            return number, f"van-ban/{year}/{slugify(number)}/"
    raise SystemExit("no synthetic resolution")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/tmp/bench-search"))
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--reuse", action="store_true", help="keep an already built portal in --root")
    parser.add_argument("--engines", default="ours,pagefind,material")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    site = prepare(args.root, args.count, args.reuse)
    harnesses(site)
    queries = [*QUERIES, synthetic_query(args.root)]
    typed = [(typed, expected) for query, expected in queries for typed in dict.fromkeys((query, fold(query).lower()))]
    sizes = {
        "ours": sum(p.stat().st_size for p in (site / "search").rglob("*.gz")),
        "ours' .js twins for file://": sum(p.stat().st_size for p in (site / "search").rglob("*.js")),
        "pagefind": sum(p.stat().st_size for p in (site / "_pagefind").rglob("*") if p.is_file()),
        "material": (site / "_material" / "search_index.json").stat().st_size,
    }
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    base = serve(site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for engine in args.engines.split(","):
            # Material downloads the same whole index for any query: one cold run tells its cost.
            rows += measure(browser, base, engine, typed, 1 if engine == "material" else len(typed))
        browser.close()
    report(rows, sizes, args.count)
    if args.json:
        args.json.write_text(json.dumps([row.__dict__ for row in rows], ensure_ascii=False, indent=1))


def report(rows: list[Row], sizes: dict[str, int], count: int) -> None:
    print(
        f"Portal with {count} synthetic documents. Index on disk: "
        + ", ".join(f"{engine} {size / 1_048_576:.1f} MB" for engine, size in sizes.items())
    )
    print(f"| {'engine':8} | {'query':32} | {'KB':>7} | {'cold ms':>7} | {'warm ms':>7} | rank | same first |")
    print(f"|{'-' * 10}|{'-' * 34}|{'-' * 9}|{'-' * 9}|{'-' * 9}|------|------------|")
    by_query = {(row.engine, row.query): row for row in rows}
    for row in rows:
        accented = row.query != fold(row.query).lower()
        if accented:
            plain = by_query[(row.engine, fold(row.query).lower())]
            same = "yes" if plain.first == row.first and row.first else "NO"
        else:
            same = ""
        rank = str(row.rank) if row.rank else "–"
        kb = f"{row.bytes / 1024:.1f}" if row.bytes else ""
        cold = f"{row.cold_ms:.0f}" if row.cold_ms else ""
        warm = f"{row.warm_ms:.1f}"
        print(f"| {row.engine:8} | {row.query:32} | {kb:>7} | {cold:>7} | {warm:>7} | {rank:>4} | {same:>10} |")
    print()
    for engine in dict.fromkeys(row.engine for row in rows):
        mine = [row for row in rows if row.engine == engine]
        cold = [row.bytes for row in mine if row.bytes]
        two = [row.bytes for row in mine if row.bytes and len(row.query.split()) == 2]
        found = sum(1 for row in mine if row.rank == 1)
        print(
            f"{engine}: median {statistics.median(cold) / 1024:.1f} KB per fresh query"
            + (f", two-word max {max(two) / 1024:.1f} KB" if two else "")
            + f", warm median {statistics.median(row.warm_ms for row in mine):.1f} ms"
            + f", warm max {max(row.warm_ms for row in mine):.1f} ms, expected first {found}/{len(mine)}"
        )


if __name__ == "__main__":
    main()
