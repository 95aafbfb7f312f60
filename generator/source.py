"""Where the data is read from: the working tree, or one git revision read from git objects.

The loaders only list folders and read files through a source, so the same loading and
validation layer assembles a region's convenant as it is on disk or as it was at any
commit, without checking anything out.

Only plain files and folders are data. A source never follows a symbolic link, not even to
list a folder, and never opens anything but a regular file (a named pipe would block the
read; a link could point anywhere on the machine). What it finds instead while listing is
kept in ``refused`` as (path, reason); ``collect_project`` reports those as problems, so
every command refuses them.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from pathlib import Path, PurePosixPath

from .i18n import N_, _

SYMLINK = N_("is a symbolic link")
SUBMODULE = N_("is a git submodule, not a file or folder of the data")


def refusal(mode: int) -> str:
    """The reason an entry that is not a regular file or folder is refused."""
    if stat.S_ISLNK(mode):
        return _(SYMLINK)
    if stat.S_ISFIFO(mode):
        return _("is a named pipe (FIFO), not a regular file")
    if stat.S_ISSOCK(mode):
        return _("is a socket, not a regular file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not a regular file")
    return _("is a special file, not a regular file")


class _Refused(OSError):
    """Raised by read_text for a path that is not plain data (the loaders report OSErrors)."""


class FileSource:
    """The data as it is on disk under ``root``."""

    label = ""
    """Shown before file names in problems ("" for the working tree)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.refused: dict[Path, str] = {}
        """Entries seen while listing that are not plain data, with the reason."""

    # What is at a path, looked at without following any link below the root.

    def _kind(self, path: Path) -> str:
        """"dir", "file", "missing", or "refused" (the reason is recorded) for ``path``; every
        folder between the root and ``path`` is looked at too, none is followed."""
        path = Path(path)
        if path == self.root:  # chosen by the user, may be reached through a link
            return "dir" if self.root.is_dir() else "missing"
        steps = [p for p in reversed(path.parents) if p != self.root and p.is_relative_to(self.root)]
        for step in steps + [path]:
            try:
                mode = os.lstat(step).st_mode
            except (FileNotFoundError, NotADirectoryError):
                return "missing"
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                self.refused.setdefault(step, refusal(mode))
                return "refused"
            if stat.S_ISREG(mode):
                return "file" if step == path else "missing"
        return "dir"

    def _walk(self, folder: Path, recursive: bool):
        """(path, is_file) of the regular files and folders in ``folder`` (and below); links
        and other entries are recorded in ``refused`` and neither followed nor returned."""
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            self.refused.setdefault(folder, _("cannot be listed: {reason}").format(
                reason=exc.strerror or exc))
            return
        for entry in entries:
            path = folder / entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue  # gone since the listing
            if stat.S_ISDIR(mode):
                yield path, False
                if recursive:
                    yield from self._walk(path, True)
            elif stat.S_ISREG(mode):
                yield path, True
            else:
                self.refused.setdefault(path, refusal(mode))

    def is_dir(self, path: Path) -> bool:
        return self._kind(path) == "dir"

    def files(self, folder: Path, pattern: str, recursive: bool = False) -> list[Path]:
        """Regular files in ``folder`` whose name matches ``pattern``, sorted."""
        folder = Path(folder)
        if self._kind(folder) != "dir":
            return []
        return sorted(path for path, is_file in self._walk(folder, recursive)
                      if is_file and fnmatch.fnmatchcase(path.name, pattern))

    def refusals(self, folder: Path) -> list[tuple[Path, str]]:
        """Everything in ``folder`` (the folder itself included) that is not plain data."""
        folder = Path(folder)
        if self._kind(folder) == "dir":
            for _entry in self._walk(folder, True):
                pass
        return _within(self.refused, folder)

    def read_text(self, path: Path) -> str:
        path = Path(path)
        kind = self._kind(path)
        if kind == "missing":
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        if kind != "file":
            reason = self.refused.get(path) or next(
                (r for p, r in self.refused.items() if p in path.parents), None)
            raise _Refused(errno.ELOOP if reason == _(SYMLINK) else errno.EINVAL,
                           reason or _("is not a regular file"), str(path))
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)  # no link followed, a pipe put there meanwhile does not block
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise _Refused(errno.EINVAL, refusal(mode), str(path))
            return handle.read().decode("utf-8")


class OverlaySource(FileSource):
    """The working tree with some files replaced or added, as they would be after a change.

    Lets a command load and check the data it is about to write before writing any of it.
    """

    def __init__(self, root: Path, files: dict[Path, str]):
        super().__init__(root)
        self.overlay = {Path(path): text for path, text in files.items()}

    def is_dir(self, path: Path) -> bool:
        return super().is_dir(path) or any(p.is_relative_to(path) for p in self.overlay)

    def files(self, folder: Path, pattern: str, recursive: bool = False) -> list[Path]:
        found = set(super().files(folder, pattern, recursive))
        for path in self.overlay:
            inside = path.parent == folder or (recursive and path.is_relative_to(folder))
            if inside and fnmatch.fnmatchcase(path.name, pattern):
                found.add(path)
        return sorted(found)

    def read_text(self, path: Path) -> str:
        return self.overlay[path] if path in self.overlay else super().read_text(path)


_GITLINK = 0o160000


def _git_reason(mode: int) -> str:
    if mode == _GITLINK:
        return _(SUBMODULE)
    if stat.S_ISLNK(mode):
        return _(SYMLINK)
    return _("has git mode {mode:o}, not a regular file").format(mode=mode)


class GitSource:
    """The data as committed at one revision, read from the object database.

    ``root`` is the data folder inside the work tree of ``repo``; paths handed out are
    ``root / relative`` like a FileSource's, so problems name the same files. Only trees and
    regular blobs are data: a blob of mode 120000 (a symbolic link) or a submodule entry
    (mode 160000) is recorded in ``refused`` when its folder is listed, and never read.
    """

    def __init__(self, repo, commit, root: Path):
        self.root = Path(root)
        self.commit = commit
        self.label = f"{commit.hexsha[:10]}:"
        self.refused: dict[Path, str] = {}
        work = Path(repo.working_tree_dir).resolve()
        prefix = PurePosixPath(self.root.resolve().relative_to(work).as_posix())
        self._blobs: dict[PurePosixPath, object] = {}
        self._dirs: set[PurePosixPath] = set()
        self._special: dict[PurePosixPath, str] = {}
        node = commit.tree
        for part in prefix.parts:  # down to the data root, through trees only
            node = next((item for item in node if PurePosixPath(item.path).name == part), None)
            if node is None:
                return  # no data at this revision: the loaders report the folders missing
            if node.type != "tree":
                self.refused[self.root] = _git_reason(node.mode)
                return
        self._read_tree(node, PurePosixPath())

    def _read_tree(self, tree, base: PurePosixPath) -> None:
        for item in tree:  # a Blob or Submodule object is only made, nothing is read
            rel = base / PurePosixPath(item.path).name
            if item.type == "tree":
                self._dirs.add(rel)
                self._read_tree(item, rel)
            elif item.type == "blob" and stat.S_ISREG(item.mode):
                self._blobs[rel] = item
            else:
                self._special[rel] = _git_reason(item.mode)

    def _rel(self, path: Path) -> PurePosixPath:
        return PurePosixPath(Path(path).relative_to(self.root).as_posix())

    def is_dir(self, path: Path) -> bool:
        rel = self._rel(path)
        if rel in self._special:
            self.refused.setdefault(Path(path), self._special[rel])
        return rel in self._dirs

    def files(self, folder: Path, pattern: str, recursive: bool = False) -> list[Path]:
        base = self._rel(folder)
        if base not in self._dirs:
            self.is_dir(folder)  # records a link or submodule in its place
            return []
        found = []
        for rel in self._blobs:
            if rel.parent == base or (recursive and base in rel.parents):
                if fnmatch.fnmatchcase(rel.name, pattern):
                    found.append(self.root / rel)
        for rel, reason in self._special.items():
            if rel.parent == base or (recursive and base in rel.parents):
                self.refused.setdefault(self.root / rel, reason)
        return sorted(found)

    def refusals(self, folder: Path) -> list[tuple[Path, str]]:
        """Everything in ``folder`` (the folder itself included) that is not plain data."""
        self.files(folder, "*", recursive=True)
        return _within(self.refused, Path(folder))

    def read_text(self, path: Path) -> str:
        try:
            blob = self._blobs[self._rel(path)]
        except KeyError:
            reason = self._special.get(self._rel(path))
            if reason is not None:
                raise _Refused(errno.EINVAL, reason, str(path)) from None
            raise FileNotFoundError(_("{path} is not in revision {commit}").format(
                path=path, commit=self.commit.hexsha[:10])) from None
        return blob.data_stream.read().decode("utf-8")


def _within(refused: dict[Path, str], folder: Path) -> list[tuple[Path, str]]:
    """The refused entries in ``folder``, the folder itself, or a folder above it."""
    return sorted((path, reason) for path, reason in refused.items()
                  if path == folder or folder in path.parents or path in folder.parents)
