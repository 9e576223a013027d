"""Caches between builds: whatever they hold, the output is byte for byte a cold build's.

``.cache/`` keeps parsed YAML records, search term vectors, the exported shards and the stamp
of the last build of each output folder. Deleting or corrupting any of it must be safe.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import unicodedata
from pathlib import Path

import pytest

from portal import pipeline
from portal.load.fingerprint import LIBRARIES
from portal.load.sources import already_read
from portal.memo import Memo
from portal.render import markdown, prepared
from tests.conftest import AS_OF, ROOT, cache_files, copy_portal, delete_cache
from tests.test_bad_input import run_cli


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_builds_equal_cold_builds_and_the_cache_may_go(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    site = root / "site"
    cold = pipeline.build(root, site, AS_OF)
    assert not cold.reused and (root / ".cache").is_dir()
    first = snapshot(site)

    # Nothing changed: the folder is left as it was, not even swapped.
    identity = os.stat(site).st_ino
    again = pipeline.build(root, site, AS_OF)
    assert again.reused and again.pages == cold.pages and again.documents == cold.documents
    assert os.stat(site).st_ino == identity and snapshot(site) == first

    # Forced, everything comes from the caches: the same bytes.
    forced = pipeline.build(root, site, AS_OF, force=True)
    assert not forced.reused and os.stat(site).st_ino != identity
    assert differing(first, snapshot(site)) == []
    # The replaced tree was moved out of the way and is deleted in the background.
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
    trash, deadline = root / ".cache/trash", time.monotonic() + 60
    while any(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(trash.iterdir())

    # Edits to a document, a page and a template are each seen; the warm result is the cold one.
    edit(root / "legal-db/nui-thanh/2019/01-ctr-ubnd.yml", "Công tác năm 2019", "Công tác được sửa năm 2019")
    page = root / "content/gioi-thieu/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nĐoạn cuối đã sửa.\n", encoding="utf-8")
    assert not pipeline.build(root, site, AS_OF).reused
    template = root / "theme/portal/document.html"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- sửa -->\n", encoding="utf-8")
    assert not pipeline.build(root, site, AS_OF).reused
    warm = snapshot(site)
    assert "Công tác được sửa năm 2019" in warm["van-ban/2019/01-ctr-ubnd/index.html"].decode()
    assert differing(first, warm)

    elsewhere = copy_portal(tmp_path / "cold")
    shutil.copytree(root / "legal-db", elsewhere / "legal-db", dirs_exist_ok=True)
    shutil.copytree(root / "content", elsewhere / "content", dirs_exist_ok=True)
    shutil.copytree(root / "theme", elsewhere / "theme", dirs_exist_ok=True)
    pipeline.build(elsewhere, elsewhere / "site", AS_OF)
    assert differing(warm, snapshot(elsewhere / "site")) == []

    # A cache that is gone, or full of garbage, changes nothing either.
    delete_cache(root)
    assert not pipeline.build(root, site, AS_OF).reused
    assert differing(warm, snapshot(site)) == []
    for path in cache_files(root):
        if path.suffix in {".pickle", ".json"}:
            path.write_bytes(b"\x80garbage{")
    assert not pipeline.build(root, site, AS_OF).reused
    assert differing(warm, snapshot(site)) == []


def test_a_changed_or_replaced_output_is_rebuilt(tmp_path: Path) -> None:
    root = copy_portal(tmp_path / "p")
    assert run_cli(root, "build", "--as-of", "2024-12-31").returncode == 0
    unchanged = run_cli(root, "build", "--as-of", "2024-12-31")
    assert unchanged.returncode == 0 and "Không có gì thay đổi" in unchanged.stdout
    # Another day gives other legal-force statuses: a different build.
    assert "Không có gì thay đổi" not in run_cli(root, "build", "--as-of", "2025-01-01").stdout
    shutil.rmtree(root / "site")
    rebuilt = run_cli(root, "build", "--as-of", "2025-01-01")
    assert rebuilt.returncode == 0 and "Không có gì thay đổi" not in rebuilt.stdout
    assert (root / "site/index.html").is_file()
    # One commune rebuilt alone renames inside site/: the next full build does not trust the stamp.
    assert run_cli(root, "build", "--only", "tam-hai", "--as-of", "2025-01-01").returncode == 0
    assert "Không có gì thay đổi" not in run_cli(root, "build", "--as-of", "2025-01-01").stdout
    forced = run_cli(root, "build", "--as-of", "2025-01-01", "--force")
    assert forced.returncode == 0 and "Không có gì thay đổi" not in forced.stdout


def test_the_build_stamp_covers_every_dependency_that_shapes_the_output() -> None:
    """A new version of any of them must rebuild: the stamp hashes their versions."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[=<>!~\[ ]", requirement)[0].lower() for requirement in project["dependencies"]}
    assert names - {"watchdog"} == set(LIBRARIES)


def test_a_template_edited_between_builds_in_one_process_is_used(tmp_path: Path) -> None:
    """The preview builds again and again in one process, where Jinja keeps compiled templates:
    an edited theme file (the portal's own and a Material override) must show in the next build."""
    root = copy_portal(tmp_path / "p")
    pipeline.build(root, root / "site", AS_OF, jobs=1)
    document = root / "site/van-ban/2019/01-ctr-ubnd/index.html"
    assert "zzmarker" not in document.read_text(encoding="utf-8")
    own = root / "theme/portal/document.html"
    edit(own, '<div class="portal-document">', '<div class="portal-document zzmarker-own">')
    edit(root / "theme/main.html", "{% extends", "<!-- zzmarker-material -->\n{% extends")
    pipeline.build(root, root / "site", AS_OF, jobs=1)
    assert "zzmarker-own" in document.read_text(encoding="utf-8")
    assert "zzmarker-material" in (root / "site/gioi-thieu/index.html").read_text(encoding="utf-8")


def test_bodies_converted_while_loading_are_every_document_body_and_change_no_byte(tmp_path: Path, monkeypatch) -> None:
    """The helper that converts document bodies while the portal loads keys each one as validation
    leaves it, skips those a build kept, stops when told; a build without it writes the same bytes."""
    root = copy_portal(tmp_path / "p")
    # Typed with combining accents (decomposed): the load reads it composed, and so must the helper.
    record = sorted((root / "legal-db").rglob("*.yml"))[0]
    record.write_text(unicodedata.normalize("NFD", record.read_text(encoding="utf-8")), encoding="utf-8")
    documents = pipeline.load_portal(root, AS_OF).sites[0].all_documents
    bodies = {document.body for document in documents if document.body}
    assert len(bodies) > 10
    converted = prepared._convert(root, lambda: False)
    assert converted.keys() == bodies
    assert all(html == markdown.untrusted_markdown(body) for body, html in converted.items())
    assert prepared._convert(root, lambda: True) == {}
    with monkeypatch.context() as patch:  # a body the helper cannot convert is left to the render
        patch.setattr(prepared, "untrusted_markdown", lambda body: 1 / (len(body) % 2))
        assert set(prepared._convert(root, lambda: False)) == {body for body in bodies if len(body) % 2}

    with prepared.converting_ahead(root) as handover:  # asked for at once: whatever is done by then
        assert handover().keys() <= bodies

    ahead = pipeline.build(root, root / "ahead", AS_OF)
    assert ahead.documents == len(documents)
    assert prepared._convert(root, lambda: False) == {}  # every body is now kept by the build
    delete_cache(root)
    monkeypatch.setattr(prepared, "_convert", lambda root, stopped: {})
    pipeline.build(root, root / "alone", AS_OF)
    assert differing(snapshot(root / "ahead"), snapshot(root / "alone")) == []


def test_a_build_renders_the_input_its_fingerprint_hashed(tmp_path: Path, monkeypatch) -> None:
    """The load takes the bytes the fingerprint read: a record saved again in between is built by
    the next build, which sees it changed, instead of by a build stamped with its old content."""
    root = copy_portal(tmp_path / "p")
    record = sorted((root / "legal-db").rglob("*.yml"))[0]
    hashed = pipeline.fingerprint

    def then_saved(*args):
        digest = hashed(*args)
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("\ntitle: ", "\ntitle: zzluu-lai ", 1), encoding="utf-8")
        return digest

    monkeypatch.setattr(pipeline, "fingerprint", then_saved)
    pipeline.build(root, root / "site", AS_OF)
    pages = root / "site" / "van-ban"
    assert not any("zzluu-lai" in page.read_text(encoding="utf-8") for page in pages.rglob("index.html"))
    monkeypatch.undo()
    assert not pipeline.build(root, root / "site", AS_OF).reused
    assert any("zzluu-lai" in page.read_text(encoding="utf-8") for page in pages.rglob("index.html"))


def test_the_load_takes_every_text_the_fingerprint_read(tmp_path: Path, monkeypatch) -> None:
    """Whatever the root is called (``.`` here), the load finds the bytes the fingerprint kept."""
    root = copy_portal(tmp_path / "p")
    monkeypatch.chdir(root)
    texts: dict[str, bytes] = {}
    pipeline.fingerprint(Path("."), {}, texts)
    assert len(texts) > 300
    with already_read(texts):
        pipeline.load_portal(Path("."), AS_OF, writes=[])
        assert [path for path in texts if not path.endswith("README.md")] == []


def test_each_sites_kept_conversions_hold_its_procedures_steps(tmp_path: Path) -> None:
    """Steps are converted once per process, yet each site's memo keeps the steps it shows, so the
    next build of that site alone (``--only``) converts none of them again."""
    root = copy_portal(tmp_path / "p")
    pipeline.build(root, root / "site", AS_OF)
    shown = 0
    for site in pipeline.load_portal(root, AS_OF, writes=[]).sites:
        kept = Memo(root / markdown.CACHE_DIR / f"{site.slug}.pickle", markdown._VERSION).known
        steps = {step for procedure in site.procedures for step in procedure.steps}
        assert steps <= kept.keys(), site.slug
        shown += len(steps)
    assert shown > 100


LITERAL_BODIES = [
    "number: 1/QĐ-UBND\nbody: |\n  **Điều 1.** Một.\n\n  - hai\n    - ba\n",
    "body: |\n    Thụt bốn.\n      sâu hơn\n   \n        \n    hết\ntitle: Sau thân\n",
    "body: |-\n  giữ\n\n\ntitle: x\n",
    "body: |+\n  giữ cả dòng trống\n\n",
    "body: |\n\n\n  dòng trống ở đầu\n  \tcó tab\n...\n",
    "body: |\ntitle: thân rỗng\n",
    "title: |\n  body: |\n    không phải khóa gốc\nbody: |\n  khóa gốc\n",
]


@pytest.mark.parametrize("text", LITERAL_BODIES)
def test_a_literal_body_is_read_as_the_yaml_parser_reads_it(text: str) -> None:
    """The helper reads ``body: |`` by its indentation instead of parsing the record (a fifth of the
    time); where it reads what the parser reads, its HTML is found, and it must for bodies so written."""
    assert prepared._literal_body(text) == prepared._parsed_body(text)


@pytest.mark.parametrize("text", ['body: "trong ngoặc kép"\n', "body: >\n  gấp\n  dòng\n", "title: không có thân\n"])
def test_a_body_written_otherwise_is_left_to_the_parser(text: str) -> None:
    assert prepared._literal_body(text) is None


HELPER_BESIDE_A_BUILD = """
import multiprocessing, os, sys, time
from pathlib import Path
from portal.render.prepared import converting_ahead
with converting_ahead(Path(sys.argv[1])):
    # Forked as the search index is, before the bodies are taken over: it must not keep the pipe open.
    index = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
    index.start()
    print(os.getpid(), index.pid, flush=True)
    time.sleep(120)
"""


def _state(entry: Path) -> tuple[str, str] | None:
    """A process's state letter and parent id, from ``/proc/<pid>/stat``; None when it is gone."""
    try:
        state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
    except (OSError, ValueError):
        return None
    return state, parent


def _running_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        state = _state(entry)
        if state is not None and state[1] == str(pid) and state[0] != "Z":
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    state = _state(Path("/proc") / str(pid))
    return state is not None and state[0] != "Z"


def test_the_body_helper_ends_when_the_build_is_killed(tmp_path: Path) -> None:
    """Killed without its clean-up (SIGKILL, a cancelled job), a build leaves no helper behind: the
    helper's HTML for the sample is more than a pipe holds, so it would wait to send it for ever,
    or as long as a process forked beside it (the search index) held the pipe open."""
    if not Path("/proc/self/stat").is_file():
        pytest.skip("reads processes from /proc (Linux)")
    root = copy_portal(tmp_path / "p")
    build = subprocess.Popen(
        [sys.executable, "-c", HELPER_BESIDE_A_BUILD, str(root)], stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None
    pid, index = map(int, build.stdout.readline().split())
    try:
        helpers = [child for child in _running_children(pid) if child != index]
        assert helpers
        time.sleep(1)  # the helper has converted every body and waits to hand them over
        build.kill()
        build.wait()
        deadline = time.monotonic() + 30
        while any(_running(helper) for helper in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(helper) for helper in helpers)
        assert _running(index)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(index, signal.SIGKILL)
