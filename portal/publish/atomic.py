"""Publishing by swap: a build writes into a staging folder and replaces ``site/`` only when it succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(target: Path, trash: Path | None = None) -> Iterator[Path]:
    """Yield an empty staging folder beside ``target``; swap it in if the block succeeds.

    On any error the staging folder is removed and ``target`` is left exactly as it was.
    The replaced tree goes to ``trash`` (see ``swap``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    swap(staging, target, trash)


def swap(staging: Path, target: Path, trash: Path | None = None) -> None:
    """Replace ``target`` by ``staging`` with two renames; the old tree is deleted afterwards.

    With a ``trash`` folder on the same file system, the old tree is moved there and deleted
    in the background: 27,000 pages take seconds to delete, and the new site is already live.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    later = trash if trash is not None and _same_device(trash, target) else None
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=later or target.parent))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(staging, target)
    if later is None:
        shutil.rmtree(old, ignore_errors=True)
    else:
        empty(later)


def empty(trash: Path) -> None:
    """Delete what is in ``trash`` in a detached process, or now where processes cannot fork.

    The folder itself stays: a later build may be moving its old tree into it meanwhile.
    """
    if not hasattr(os, "fork"):
        _delete_contents(trash)
        return
    child = os.fork()
    if child == 0:  # the child forks the deleter and leaves at once, so no zombie is left behind
        try:
            if os.fork() == 0:
                _detach()
                _delete_contents(trash)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def _detach() -> None:
    """Let go of the build's terminal and pipes: whoever reads the build's output until it ends
    (a shell pipe, ``subprocess.run``) must not wait for the deletion too."""
    os.setsid()
    quiet = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(quiet, descriptor)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))


def _delete_contents(folder: Path) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        shutil.rmtree(entry.path, ignore_errors=True)


def _same_device(trash: Path, target: Path) -> bool:
    try:
        trash.mkdir(parents=True, exist_ok=True)
        return os.stat(trash).st_dev == os.stat(target).st_dev
    except OSError:
        return False
