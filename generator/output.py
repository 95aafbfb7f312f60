"""Write output files atomically: a reader never sees a half-written file.

A set of outputs is written in two steps: every file to a temporary file beside its place,
then each renamed into place. A folder that is occupied by a file (or a file by a folder)
is found before the first byte is written; an interrupt (Ctrl-C, SIGTERM) or a failure on
the way removes every temporary file, so no ``*.tmp`` is left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError
from .i18n import _


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


BUILD_DIR = "build"
PROTECTED = ("clauses", "parties", "convenants", "register", "toetredingen", "wijzigingen", ".git")
"""Folders of the repository no output is ever written into: the data, and git's own."""


def output_folder(root: Path, out: Path | None = None) -> Path:
    """Where a command writes its outputs: ``out``, or build/ in the root folder.

    UsageError when ``out`` lies inside the data folders or .git: outputs there would be
    mistaken for data, or block the next command that records.
    """
    folder = Path(out) if out is not None else Path(root) / BUILD_DIR
    resolved = folder.resolve()
    for name in PROTECTED:
        protected = (Path(root) / name).resolve()
        if resolved == protected or protected in resolved.parents:
            raise UsageError(_("{folder}: is inside {name}/ of the repository: outputs are "
                               "never written among the data; choose another --out").format(
                folder=folder, name=name))
    return folder


def check_writable(paths) -> None:
    """UsageError naming the path when a file cannot be written where it should go: one of
    its folders is a file, or the file's place is a folder."""
    for path in paths:
        path = Path(path)
        for folder in reversed(path.parents):
            if folder.exists() and not folder.is_dir():
                raise UsageError(_("{folder}: is a file, not a folder: move it away or write "
                                   "elsewhere with --out").format(folder=folder))
        if path.exists() and not path.is_file():
            raise UsageError(_("{path}: is a folder or another special file, not a file: move"
                               " it away or write elsewhere with --out").format(path=path))


def _temporary(path: Path, payload: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place."""
    write_all({Path(path): data})


def write_all(files: dict[Path, bytes | str]) -> list[Path]:
    """Write every file atomically; all content must be ready before the first write.

    Checks every place first, writes every temporary file, then renames them all: a
    failure before the renames leaves no file changed.
    """
    files = {Path(path): data for path, data in files.items()}
    check_writable(files)
    temporary: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = data.encode("utf-8") if isinstance(data, str) else data
            temporary[path] = _temporary(path, payload)
        for path, tmp in temporary.items():
            os.replace(tmp, path)
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
    return list(files)
