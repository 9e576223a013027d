"""``serve``: a live preview that rebuilds on every edit and reloads the browser.

The preview is built into a temporary folder (``site/`` is never touched). A small
script injected into served HTML long-polls ``/__portal/reload``; after a rebuild the
page reloads, and when the edit broke the input, the problems are shown over the page
while the last good build stays visible.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from portal import pipeline
from portal.commands.build import as_of
from portal.load.legaldb import LEGAL_DB_DIR
from portal.model.commune import COMMUNES_DIR
from portal.model.portal import Portal
from portal.problems import InputError

WATCHED = ("content", "communes", "legal-db", "theme", "mkdocs.yml")
RELOAD_PATH = "/__portal/reload"
POLL_SECONDS = 25.0
QUIET_SECONDS = 0.2

CLIENT = """<script>
(function () {
  var version = %d;
  function show(errors) {
    var box = document.getElementById("portal-preview-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "portal-preview-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;" +
        "background:#fff3f3;color:#7a0000;border-top:4px solid #b00020;padding:1rem;" +
        "font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Bản xem trước chưa cập nhật vì có lỗi:\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("%s?version=" + version, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version === version) { return poll(); }
        version = state.version;
        if (state.errors.length) { show(state.errors); poll(); } else { location.reload(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""


class Preview:
    """The current preview build and its version, shared by the watcher and the server threads."""

    def __init__(self, root: Path, as_of: date) -> None:
        self.root = root
        self.as_of = as_of
        self.version = 0
        self.errors: list[str] = []
        self.scratch = Path(tempfile.mkdtemp(prefix="portal-preview-"))
        """Holds every build of this preview, the one served and one in progress: removed at exit."""
        self.directory = Path(tempfile.mkdtemp(dir=self.scratch))
        self.changed = threading.Condition()
        self.portal: Portal | None = None
        """The model of the last good build, for quick answers to edits of documents."""

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Build into a fresh folder; switch to it only if the build succeeded.

        When only Markdown pages of communes changed, just those sites are rendered again
        and swapped into the current preview: editing one commune stays fast. When only
        document records changed, their pages are first rewritten in place and the browser
        reloads at once; the full build then brings listings, feeds and search up to date.
        """
        started = time.perf_counter()
        if self._refresh(changed):
            print(
                f"✓ Đã cập nhật trang văn bản trong {time.perf_counter() - started:.2f} giây; "
                "đang dựng lại các trang khác…",
                flush=True,
            )
        target = Path(tempfile.mkdtemp(dir=self.scratch))
        errors: list[str] = []
        portal = None
        try:
            portal = pipeline.load_portal(self.root, self.as_of)
            only = self._communes_only(changed)
            # One process: forking a server with live threads is unsafe.
            if only:
                pipeline.render_sites(portal, [portal.site(slug) for slug in only], target, jobs=1, progress=None)
            else:
                pipeline.render_portal(portal, target, jobs=1, progress=None)
        except InputError as error:
            errors = [str(problem) for problem in error.problems.sorted()]
        except Exception as error:  # noqa: BLE001 - a preview must survive any failed rebuild
            errors = [f"lỗi nội bộ khi dựng: {type(error).__name__}: {error}"]
        with self.changed:
            if errors:
                shutil.rmtree(target, ignore_errors=True)
            elif only:
                for slug in only:
                    old = self.directory / f".{slug}.old"
                    os.rename(self.directory / slug, old)
                    os.rename(target / slug, self.directory / slug)
                    shutil.rmtree(old, ignore_errors=True)
                shutil.rmtree(target, ignore_errors=True)
            else:
                old, self.directory = self.directory, target
                shutil.rmtree(old, ignore_errors=True)
            if not errors:
                self.portal = portal
            self.errors = errors
            self.version += 1
            self.changed.notify_all()
        if errors:
            print("\n".join(errors), flush=True)
            print(f"✗ {len(errors)} lỗi; bản xem trước giữ nguyên bản dựng trước.", flush=True)
        else:
            print(f"✓ Đã dựng lại trong {time.perf_counter() - started:.2f} giây.", flush=True)

    def _refresh(self, changed: set[Path] | None) -> bool:
        """Rewrite the pages of edited documents in place at once; the full build follows."""
        if not changed or self.portal is None or self.errors:
            return False
        if any(
            path.suffix not in (".yml", ".yaml") or not path.is_relative_to(self.root / LEGAL_DB_DIR)
            for path in changed
        ):
            return False
        with self.changed:
            try:
                if not pipeline.refresh_documents(self.portal, sorted(changed), self.directory):
                    return False
            except InputError:
                return False  # the full build reports the problems
            self.version += 1
            self.changed.notify_all()
        return True

    def _communes_only(self, changed: set[Path] | None) -> list[str] | None:
        """The communes whose own pages are the only change, or None when others are affected."""
        if not changed or self.version == 0:
            return None
        slugs = set()
        for path in changed:
            parts = path.relative_to(self.root).parts
            if len(parts) < 3 or parts[0] != COMMUNES_DIR or not path.name.endswith(".md"):
                return None
            if not (self.directory / parts[1]).is_dir():
                return None
            slugs.add(parts[1])
        return sorted(slugs)

    def wait(self, version: int) -> dict[str, object]:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout=POLL_SECONDS)
            return {"version": self.version, "errors": self.errors}


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def __init__(self, *args: object, preview: Preview, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.directory), **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        return

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            version = int(parse_qs(url.query).get("version", ["-1"])[0])
            self._send(json.dumps(self.preview.wait(version)).encode(), "application/json")
            return
        path = Path(self.translate_path(url.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            client = (CLIENT % (self.preview.version, RELOAD_PATH)).encode()
            html = path.read_bytes().replace(b"</body>", client + b"</body>", 1)
            self._send(html, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class _Watcher(FileSystemEventHandler):
    """Marks the preview dirty on any change to an input; the main thread debounces and rebuilds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dirty = threading.Event()
        self.paths: set[Path] = set()
        self.lock = threading.Lock()

    def take(self) -> set[Path]:
        with self.lock:
            paths, self.paths = self.paths, set()
        return paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # comes with the change of a file inside, which says more (a document record, say)
        path = Path(str(event.src_path))
        if path.name.startswith(".") or path.name.endswith("~") or not path.is_relative_to(self.root):
            return
        parts = path.relative_to(self.root).parts
        if parts and parts[0] in WATCHED:
            with self.lock:
                self.paths.add(path)
                if getattr(event, "dest_path", ""):
                    self.paths.add(Path(str(event.dest_path)))
            self.dirty.set()


def _rebuild_loop(preview: Preview, watcher: _Watcher) -> None:
    while True:
        watcher.dirty.wait()
        time.sleep(QUIET_SECONDS)
        watcher.dirty.clear()
        preview.rebuild(watcher.take())


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_serve(args: argparse.Namespace) -> int:
    """Serve from threads; build in the main thread, where Ctrl+C and SIGTERM land: a stop cuts a
    build short at once, and no thread is left writing while the temporary folder is removed."""
    signal.signal(signal.SIGTERM, _stop)
    root = Path(args.root).resolve()
    preview = Preview(root, as_of(args))
    observer = Observer()
    server = None
    try:
        preview.rebuild()
        watcher = _Watcher(root)
        for name in WATCHED:
            path = root / name
            if path.is_dir():
                observer.schedule(watcher, str(path), recursive=True)
        observer.schedule(watcher, str(root), recursive=False)
        observer.start()
        server = ThreadingHTTPServer((args.host, args.port), partial(_Handler, preview=preview))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Xem trước tại http://{args.host}:{server.server_port}/  (Ctrl+C để dừng)", flush=True)
        _rebuild_loop(preview, watcher)
    except KeyboardInterrupt:
        print("\nĐã dừng xem trước.")
    finally:
        if observer.is_alive():
            observer.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(preview.scratch, ignore_errors=True)
    return 0
