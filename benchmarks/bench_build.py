#!/usr/bin/env python3
"""Build time, memory and output of the scale portal, next to plain mkdocs-material and Hugo.

    .venv/bin/pip install -e .[test,benchmarks]
    .venv/bin/python benchmarks/bench_build.py [--counts 10000,20000,40000] [--work ~/.cache/portal-bench]

For each number of documents, benchmarks/make_corpus.py writes the portal (18 sites, the
documents, 1,000 posts, 300 procedures, 100 guides). The portal is then built:

- cold (no cache, no output), with nothing changed, with nothing changed but ``--force``
  (every cache warm, every page written again), after editing one document, after editing
  one page; each in a fresh process, timed, with the peak memory of its whole
  process tree (the sum of each process's proportional set size, sampled from /proc once a
  second: forked workers share the model's pages, which a sum of resident sizes would count
  once per worker);
- in the live preview (``build.py serve``), the seconds from saving an edited document to the
  preview serving its new text;
- the same Markdown (pages, posts, one page per document with its title and body) is built
  by plain mkdocs-material (search plugin off, navigation limited to the home page: with
  every page in the navigation, each page would carry the whole list) and by Hugo with a
  minimal template, in the same run, for the ratios. The cold builds of the three tools are
  repeated in rounds (``--rounds``, 3 by default), one build of each tool per round; the table
  gives each tool's median and the median of the rounds' ratios, and lists every round.

The output's size and the size distribution of its HTML pages are printed too.

Every timed run starts alike: written data synced to disk, and when allowed (root on Linux) the
page cache dropped and the tool's own inputs read back, because on a virtual machine a page cache
full of the previous run's output slows the next run by half. (Until 2026-11-30 the portal's
inputs were read back for all three tools, so MkDocs and Hugo read theirs from disk.)

Every cold build, the portal's and the other two tools', starts with no output folder and with
no files recently deleted by the benchmark. The benchmark never deletes before a timed run: an
old corpus, an old output, the plain tools' pages are moved aside (``bury``) and deleted when the
benchmark ends. Two reasons, both measured at 20,000 documents:

- an output left by the previous run is work of its own: MkDocs empties its site folder first
  (31.2 s instead of 22.8 s), Hugo overwrites its files in place (7.3 s instead of 4.1 s);
- ext4 without a journal, as on the machine these numbers come from, skips inodes freed in the
  last 60 seconds when it allocates new ones, and in the last 6 minutes once their inode table
  block is written again (``recently_deleted()`` in ``fs/ext4/ialloc.c``): a build right after
  a large deletion spends seconds of system time scanning past them.

The rebuilds of the portal follow its cold build: they delete what they replace, as they do for
an editor, and each starts at least a minute after that deletion ended. The default folder is
not under /tmp, where tests delete files all the time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import INPUTS, make  # noqa: E402

from portal.vietnamese import slugify  # noqa: E402

PYTHON = sys.executable
LABELS = {"cold": "cold", "unchanged": "unchanged", "forced": "unchanged, --force"}
HUGO_LAYOUT = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="{{ relURL "" }}">{{ site.Title }}</a></header><main><h1>{{ .Title }}</h1>{{ .Content }}
{{ range .Pages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}</main></body></html>
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float


def tree_pss_mb(root_pid: int) -> float:
    """Proportional set size of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


RECENTLY_DELETED_SECONDS = 61
"""How long ext4 without a journal keeps freed inodes from being reused (see the module's notes)."""
GRAVEYARD = Path()
"""Where ``bury`` moves what the benchmark replaces; set by ``main`` under the work folder."""
_deleted_at = 0.0


def bury(path: Path) -> None:
    """Move ``path`` out of the way, to be deleted when the benchmark ends (see the module's notes)."""
    if path.exists():
        GRAVEYARD.mkdir(parents=True, exist_ok=True)
        os.rename(path, GRAVEYARD / f"{time.time_ns()}-{path.name}")


def deleted() -> None:
    """Note that many files were just deleted: the next timed run waits until they no longer count."""
    global _deleted_at
    _deleted_at = time.monotonic()


def settle(root: Path, inputs: list[Path]) -> None:
    """The same start for every timed run: the previous run's replaced site deleted (a build
    leaves that to a background process) a minute ago or more, data on disk, page cache dropped
    (when allowed), and the tool's own ``inputs`` read back."""
    trash, deadline = root / ".cache" / "trash", time.monotonic() + 300
    if trash.is_dir() and any(trash.iterdir()):
        while any(trash.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
        deleted()
    time.sleep(max(0.0, _deleted_at + RECENTLY_DELETED_SECONDS - time.monotonic()))
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return
    for path in inputs:
        for item in [path] if path.is_file() else path.rglob("*"):
            if item.is_file():
                item.read_bytes()


def timed(command: list[str], cwd: Path, root: Path, inputs: list[Path]) -> Run:
    """Run ``command`` on ``inputs`` (of the scale portal at ``root``); its wall time and the peak
    memory of its process tree."""
    settle(root, inputs)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_mb(process.pid))
            # Reading smaps_rollup costs ~10 ms per large process: once a second, after a quick first look.
            done.wait(0.1 if time.perf_counter() - started < 1 else 1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()[-3000:]}")
    return Run(seconds, peak)


def portal_build(root: Path, *options: str) -> Run:
    command = [PYTHON, str(ROOT / "build.py"), "build", "--as-of", "2024-12-31", *options]
    return timed(command, root, root, [root / name for name in INPUTS])


def plain_pages(root: Path, docs: Path, front_matter: bool) -> int:
    """The portal's Markdown pages and one page per document, as a plain generator would take them."""
    bury(docs)
    count = 0
    sources = [(root / "content", Path()), *((c, Path(c.name)) for c in sorted((root / "communes").iterdir()))]
    for source, prefix in sources:
        for path in sorted(source.rglob("*.md")):
            target = docs / prefix / path.relative_to(source)
            if front_matter and target.name == "index.md":  # Hugo: a section's own page
                target = target.with_name("_index.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            # The portal's own templates (home.html) are not the plain generators' to use.
            text = re.sub(r"^template: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M)
            if front_matter and not text.startswith("---"):
                title = re.search(r"^# (.+)$", text, re.M)
                heading = title.group(1) if title else path.stem
                text = f"---\ntitle: {json.dumps(heading, ensure_ascii=False)}\n---\n{text}"
            target.write_text(text, encoding="utf-8")
            count += 1
    for path in sorted((root / "legal-db").rglob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or "number" not in record:
            continue
        title = f"{record['type']} {record['number']}"
        body = f"# {title}\n\n{record.get('title', '')}\n\n{record.get('body') or ''}\n"
        if front_matter:
            body = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n{body}"
        target = docs / "van-ban" / path.relative_to(root / "legal-db").with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        count += 1
    return count


def mkdocs_material(root: Path) -> tuple[Run, int]:
    project = root.parent / f"{root.name}-mkdocs"
    bury(project / "site")
    pages = plain_pages(root, project / "docs", front_matter=False)
    config = {
        "site_name": "Núi Thành",
        "theme": {"name": "material", "language": "vi"},
        "plugins": [],
        "nav": ["index.md"],
        "validation": dict.fromkeys(
            ("omitted_files", "not_found", "absolute_links", "unrecognized_links", "anchors"), "ignore"
        ),
        "markdown_extensions": ["admonition", "tables", "toc", "attr_list", "md_in_html"],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    command = [PYTHON, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")]
    return timed(command, project, root, [project / "docs", project / "mkdocs.yml"]), pages


def hugo(root: Path) -> tuple[Run, int]:
    project = root.parent / f"{root.name}-hugo"
    bury(project / "public")
    pages = plain_pages(root, project / "content", front_matter=True)
    (project / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    for name in ("single.html", "list.html"):
        (project / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (project / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "Núi Thành"\nlanguageCode = "vi"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = true\n',
        encoding="utf-8",
    )
    hugo_binary = Path(PYTHON).parent / "hugo"
    inputs = [project / "content", project / "layouts", project / "hugo.toml"]
    return timed([str(hugo_binary), "--quiet", "--source", str(project)], project, root, inputs), pages


def html_sizes(site: Path) -> dict[str, float]:
    sizes = sorted(path.stat().st_size for path in site.rglob("*.html"))
    documents = [
        path.stat().st_size
        for path in (site / "van-ban").glob("20*/*/index.html")
        if not path.parent.name.startswith("trang-")  # a year's listing pages are not documents
    ]
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return {
        "pages": len(sizes),
        "p50_kb": statistics.median(sizes) / 1024,
        "p95_kb": sizes[int(len(sizes) * 0.95)] / 1024,
        "max_kb": sizes[-1] / 1024,
        "document_max_kb": max(documents, default=0) / 1024,
        "site_mb": total / 1_048_576,
    }


def edit(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def preview_seconds(root: Path, document: Path) -> float:
    """Seconds from saving an edit of ``document`` to the running preview serving the new text."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [PYTHON, str(ROOT / "build.py"), "serve", "--as-of", "2024-12-31", "--port", str(port)]
    # The preview builds in a temporary folder: on the benchmark's disk, like every other run.
    env = {**os.environ, "TMPDIR": str(root.parent)}
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "127.0.0.1" in line:
                break
        record = yaml.safe_load(document.read_text(encoding="utf-8"))
        url = f"http://127.0.0.1:{port}/van-ban/{record['issued'].year}/{slugify(record['number'])}/"
        marker = f"Câu sửa lúc {time.time_ns()} trong bản xem trước."
        time.sleep(1)  # the watcher is running
        edit(document, f"  {marker}")
        started = time.perf_counter()
        while time.perf_counter() - started < 120:
            with urllib.request.urlopen(url) as response:
                if marker in response.read().decode("utf-8"):
                    return time.perf_counter() - started
            time.sleep(0.05)
        raise SystemExit("the preview never showed the edit")
    finally:
        server.terminate()
        server.wait()


COMPARED = ("cold", "mkdocs-material", "hugo")
"""The runs repeated in rounds: the cold builds of the three tools."""


def measure(count: int, work: Path, others: bool, rounds: int) -> dict[str, object]:
    """Every run at ``count`` documents. The cold builds of the three tools come in ``rounds``
    rounds, one of each per round: the median run of each tool is reported, and each ratio is the
    median of the rounds' ratios, so that the machine's drift, which moves all three tools of a
    round alike, does not decide a ratio."""
    root = work / f"portal-{count}"
    bury(root)
    make(root, count, 1000, 300, 100, seed=1)
    done: list[dict[str, Run]] = []
    result: dict[str, object] = {"documents": count, "rounds": done}
    for _ in range(rounds):
        one: dict[str, Run] = {}
        if others:  # before the portal's rebuilds, which delete what they replace
            one["mkdocs-material"], result["mkdocs pages"] = mkdocs_material(root)
            one["hugo"], result["hugo pages"] = hugo(root)
        bury(root / "site")
        bury(root / ".cache")
        one["cold"] = portal_build(root)
        done.append(one)
    for name in COMPARED:
        runs = [one[name] for one in done if name in one]
        if runs:
            result[name] = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    result["sizes"] = html_sizes(root / "site")
    result["unchanged"] = portal_build(root)
    result["forced"] = portal_build(root, "--force")
    document = next((root / "legal-db" / "synthetic" / "nui-thanh").rglob("*.yml"))
    edit(document, "  Câu sửa để đo thời gian dựng lại sau khi sửa một văn bản.")
    result["one document"] = portal_build(root)
    edit(root / "content" / "gioi-thieu" / "index.md", "\nCâu sửa để đo thời gian dựng lại sau khi sửa một trang.")
    result["one page"] = portal_build(root)
    result["preview"] = preview_seconds(root, document)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="20000", help="documents per run, comma-separated")
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "portal-bench")
    parser.add_argument("--no-others", action="store_true", help="skip mkdocs-material and Hugo")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds of each tool, interleaved (median)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    global GRAVEYARD
    GRAVEYARD = args.work / ".graveyard"
    if GRAVEYARD.exists():  # left by an interrupted run
        shutil.rmtree(GRAVEYARD)
        deleted()
    try:
        report(args)
    finally:
        shutil.rmtree(GRAVEYARD, ignore_errors=True)


def report(args: argparse.Namespace) -> None:
    """Measure each number of documents and print the tables."""
    print(f"| {'documents':>9} | {'run':32} | {'seconds':>8} | {'peak MB':>8} | vs cold |", flush=True)
    print(f"|{'-' * 11}|{'-' * 34}|{'-' * 10}|{'-' * 10}|---------|", flush=True)
    sizes, timings = {}, {}
    for count in (int(value) for value in args.counts.split(",")):
        result = measure(count, args.work, not args.no_others, args.rounds)
        cold: Run = result["cold"]  # type: ignore[assignment]
        for name in ("cold", "unchanged", "forced", "one document", "one page", "mkdocs-material", "hugo"):
            run = result.get(name)
            if isinstance(run, Run):
                label = LABELS.get(name, f"after editing {name}")
                if name in ("mkdocs-material", "hugo"):
                    label = f"{name} ({result[name.split('-')[0] + ' pages']} pages)"
                ratio = f"{run.seconds / cold.seconds:.2f}×"
                print(f"| {count:>9} | {label:32} | {run.seconds:>8.1f} | {run.peak_mb:>8.0f} | {ratio:>7} |")
        preview = f"{result['preview']:.2f}"
        print(f"| {count:>9} | {'edited document in the preview':32} | {preview:>8} | {'':>8} | {'':>7} |")
        rounds_of: list[dict[str, Run]] = result["rounds"]  # type: ignore[assignment]
        for name in ("mkdocs-material", "hugo"):
            ratios = sorted(one["cold"].seconds / one[name].seconds for one in rounds_of if name in one)
            if ratios:
                label = f"cold ÷ {name}"
                print(f"| {count:>9} | {label:32} | {statistics.median(ratios):>7.2f}× | {'':>8} | {'':>7} |")
        timings[count] = [", ".join(f"{name} {run.seconds:.1f} s" for name, run in one.items()) for one in rounds_of]
        sys.stdout.flush()
        sizes[count] = result["sizes"]
    print()
    print(f"| {'documents':>9} | pages | HTML p50 KB | p95 KB | max KB | document max KB | site MB |")
    print("|-----------|-------|-------------|--------|--------|-----------------|---------|")
    for count, s in sizes.items():
        print(
            f"| {count:>9} | {s['pages']} | {s['p50_kb']:.1f} | {s['p95_kb']:.1f} | {s['max_kb']:.1f} "
            f"| {s['document_max_kb']:.1f} | {s['site_mb']:.0f} |"
        )
    print()
    for count, rounds in timings.items():
        print(f"Cold builds at {count} documents, round by round: " + "; ".join(rounds) + ".")


if __name__ == "__main__":
    main()
