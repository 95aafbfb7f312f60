"""Where the data is read from: the working tree, or one git revision read from git objects.

The loaders only list folders and read files through a source, so the same loading and
validation layer assembles a region's convenant as it is on disk or as it was at any
commit, without checking anything out.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path, PurePosixPath


class FileSource:
    """The data as it is on disk under ``root``."""

    label = ""
    """Shown before file names in problems ("" for the working tree)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def files(self, folder: Path, pattern: str, recursive: bool = False) -> list[Path]:
        """Files in ``folder`` whose name matches ``pattern``, sorted."""
        found = folder.rglob(pattern) if recursive else folder.glob(pattern)
        return sorted(p for p in found if p.is_file())

    def read_text(self, path: Path) -> str:
        return path.read_text(encoding="utf-8")


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
            if inside and fnmatch.fnmatch(path.name, pattern):
                found.add(path)
        return sorted(found)

    def read_text(self, path: Path) -> str:
        return self.overlay[path] if path in self.overlay else super().read_text(path)


class GitSource:
    """The data as committed at one revision, read from the object database.

    ``root`` is the data folder inside the work tree of ``repo``; paths handed out are
    ``root / relative`` like a FileSource's, so problems name the same files.
    """

    def __init__(self, repo, commit, root: Path):
        self.root = Path(root)
        self.commit = commit
        self.label = f"{commit.hexsha[:10]}:"
        work = Path(repo.working_tree_dir).resolve()
        prefix = self.root.resolve().relative_to(work)
        tree = commit.tree
        self._blobs: dict[PurePosixPath, object] = {}
        self._dirs: set[PurePosixPath] = set()
        try:
            if prefix.parts:
                tree = tree / prefix.as_posix()
        except KeyError:
            return
        for item in tree.traverse():
            rel = PurePosixPath(item.path).relative_to(PurePosixPath(tree.path)) if tree.path \
                else PurePosixPath(item.path)
            if item.type == "blob":
                self._blobs[rel] = item
            elif item.type == "tree":
                self._dirs.add(rel)

    def _rel(self, path: Path) -> PurePosixPath:
        return PurePosixPath(Path(path).relative_to(self.root).as_posix())

    def is_dir(self, path: Path) -> bool:
        return self._rel(path) in self._dirs

    def files(self, folder: Path, pattern: str, recursive: bool = False) -> list[Path]:
        base = self._rel(folder)
        found = []
        for rel in self._blobs:
            if rel.parent == base or (recursive and base in rel.parents):
                if fnmatch.fnmatchcase(rel.name, pattern):
                    found.append(self.root / rel)
        return sorted(found)

    def read_text(self, path: Path) -> str:
        try:
            blob = self._blobs[self._rel(path)]
        except KeyError:
            raise FileNotFoundError(f"{path} is not in revision {self.commit.hexsha[:10]}") from None
        return blob.data_stream.read().decode("utf-8")
