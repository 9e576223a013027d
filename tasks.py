#!/usr/bin/env python3
"""Developer tasks that need nothing but Python 3.11+ and the package registries.

    python3 tasks.py site   # install what is needed, build the sample portal into site/
    python3 tasks.py test   # install what is needed (Chromium too, when root), run every test

A virtual environment is created in .venv and re-synced whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
CHROMIUM = Path("/usr/bin/chromium")
ZBARIMG = Path("/usr/bin/zbarimg")
NPM_PREFIX = ROOT / ".cache" / "npm"


def run(*command: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_environment(extras: str) -> None:
    """Create .venv and install the pinned dependencies once per change of pyproject.toml."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be started by an older python3
        sys.exit("Cần Python 3.11 trở lên.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f".{extras}")
    stamp.write_text(digest)


def apt_install(*packages: str) -> bool:
    """Install Debian packages when running as root on Debian; False when we may not."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)
    return True


def ensure_debian_tools() -> None:
    """Browser tests drive Debian's Chromium and QR codes are read back with zbarimg; apt-get them when we may."""
    missing = [package for path, package in ((CHROMIUM, "chromium"), (ZBARIMG, "zbar-tools")) if not path.exists()]
    if missing and not apt_install(*missing):
        print(f"Thiếu gói Debian {', '.join(missing)} (cần quyền root để cài): kiểm thử trình duyệt, mã QR bị bỏ qua.")


def ensure_npm_tools() -> None:
    """The npm packages pinned in pyproject.toml's [tool.portal] (axe-core for the accessibility gate)."""
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["portal"]["npm"]
    installed = []
    for spec in wanted:
        name, _, version = spec.rpartition("@")
        manifest = NPM_PREFIX / "node_modules" / name / "package.json"
        installed.append(manifest.exists() and json.loads(manifest.read_text())["version"] == version)
    if all(installed):
        return
    if not shutil.which("npm") and not apt_install("npm"):
        print("Chưa có npm: cài Node.js và npm để chạy kiểm thử khả năng tiếp cận (axe-core).")
        return
    NPM_PREFIX.mkdir(parents=True, exist_ok=True)
    run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", NPM_PREFIX, *wanted)


def site() -> int:
    ensure_environment("")
    run(PYTHON, "build.py", "build")
    return 0


def test() -> int:
    ensure_environment("[test]")
    ensure_debian_tools()
    ensure_npm_tools()
    run(PYTHON, "-m", "ruff", "check", ".")
    result = subprocess.run([str(PYTHON), "-m", "pytest", *sys.argv[2:]], cwd=ROOT)
    return result.returncode


if __name__ == "__main__":
    tasks = {"site": site, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in tasks:
        sys.exit(f"Cách dùng: python3 tasks.py {{{'|'.join(tasks)}}}")
    try:
        sys.exit(tasks[sys.argv[1]]())
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
