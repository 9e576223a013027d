"""Shared fixtures: a copy of the sample portal, its build, a local server and Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portal import pipeline

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("content", "communes", "legal-db", "theme", "mkdocs.yml")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "/cong/"
AS_OF = date(2024, 12, 31)


def delete_cache(root: Path) -> None:
    """What an editor does with ``rm -rf .cache``: a replaced site may still be being deleted
    from ``.cache/trash`` in the background, so files vanishing meanwhile are not errors."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    assert cache_files(root) == []


def cache_files(root: Path) -> list[Path]:
    """The files of ``.cache/`` but those in ``trash/``, which a background process may be
    deleting meanwhile (``os.walk`` passes over folders that vanish; ``rglob`` would raise)."""
    found = []
    for folder, dirs, names in os.walk(root / ".cache"):
        dirs[:] = [name for name in dirs if not (Path(folder) == root / ".cache" and name == "trash")]
        found.extend(Path(folder) / name for name in names)
    return found


def copy_portal(destination: Path) -> Path:
    """A copy of the repository's inputs, so tests may break them freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_portal(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def site(sample_root: Path) -> Path:
    """The sample portal, built once for the whole session."""
    out = sample_root / "site"
    pipeline.build(sample_root, out, AS_OF)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_folder(docroot: Path) -> Iterator[str]:
    handler = functools.partial(_StaticHost, directory=str(docroot))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served on localhost under a sub-path, to prove relative links."""
    docroot = tmp_path_factory.mktemp("docroot")
    os.symlink(site, docroot / SUBPATH.strip("/"))
    for url in serve_folder(docroot):
        yield url.rstrip("/") + SUBPATH


@pytest.fixture(scope="session")
def root_server(site: Path) -> Iterator[str]:
    """The built site at the root of a host, as its configured site_url expects (for 404.html)."""
    yield from serve_folder(site)


class _StaticHost(SimpleHTTPRequestHandler):
    """A static host like nginx with ``error_page 404 /404.html``."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's 'chromium' (python3 tasks.py test does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
