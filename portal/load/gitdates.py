"""Last-commit dates of files, read from git in one call for the whole repository."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path


def last_commit_dates(root: Path) -> dict[str, date]:
    """Map repository-relative paths to the date of their last commit; empty outside git.

    One ``git log`` walk serves every page, so the cost does not grow per page.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=@%ct", "--name-only", "--no-renames", "--relative", "."],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("@"):
            current = datetime.fromtimestamp(int(line[1:]), UTC).date()
        elif line and current is not None:
            dates.setdefault(line, current)
    return dates
