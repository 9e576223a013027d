"""Problems found in an editor's input, reported all at once as ``path:line:column``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix, located in a file of the repository."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so the editor sees them all in one go."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), max(column, 1), message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self)


class InputError(Exception):
    """The input is invalid; carries every problem found, nothing is published."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class UsageError(Exception):
    """A command was asked for something that does not exist (an unknown site, say)."""
