"""The project's exceptions: one root, a few kinds (compare MkDocs' exceptions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ConvenantError(Exception):
    """Root of every error the library raises; the CLI turns it into a one-line message."""


@dataclass(frozen=True)
class Problem:
    """One problem in the input data, with the place it was found."""

    path: str
    """File the problem is in, relative to the data root where possible."""
    line: int | None
    """1-based line number, or None when the problem concerns the file as a whole."""
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class DataError(ConvenantError):
    """The data (clauses, parties, manifests) has one or more problems; all are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(ConvenantError):
    """A command was asked for something that does not exist (unknown region, format, ...)."""


SHOWN_LENGTH = 80
"""At most this many characters of a data value are quoted in a message."""
MESSAGE_LENGTH = 300
"""A problem's message is cut to this length, whatever went into it."""


def shown(value) -> str:
    """``value`` as a message quotes it: its repr, cut to about 80 characters with "…"."""
    text = repr(value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH - 1] + "…"


class Problems:
    """Collects problems while loading, so that all of them can be reported together."""

    def __init__(self, root: Path | None = None, label: str = ""):
        self.root = root
        self.label = label
        """Put before every file name: "abc1234567:" for data read from a git revision."""
        self.items: list[Problem] = []

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return self.label + str(path.resolve().relative_to(self.root.resolve()))
            except ValueError:
                pass
        return self.label + str(path)

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        if len(message) > MESSAGE_LENGTH:
            message = message[:MESSAGE_LENGTH - 1] + "…"
        self.items.append(Problem(self.rel(path), line, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
