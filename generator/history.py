"""Git as the record: revisions of the data, commits of register entries, the change log.

Revisions are read from git objects (GitSource), never by checking out. Every write to the
data is one commit holding only the files of that operation; when anything fails, the files
and the index are put back as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import ConvenantError, UsageError
from .output import write_atomic
from .project import Project, load_project
from .source import GitSource

WORKTREE = "werkversie"
"""Name of the working tree as a side of a comparison."""


def open_repo(root: Path):
    """The git repository holding ``root`` (a parent folder may hold it)."""
    import git

    try:
        return git.Repo(Path(root), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"{root} is not inside a git repository: versions, diffs and the "
                         "register need the data under git (git init; git add; git commit)") from None


def rel(repo, path: Path) -> str:
    """``path`` relative to the work tree, in git's form."""
    return Path(path).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def resolve_commit(repo, spec: str):
    """The commit named by a revision (sha, tag, branch, HEAD~2), or None if there is none."""
    import git

    try:
        return repo.commit(spec)
    except (git.BadName, ValueError, git.BadObject):
        return None


def project_at(repo, root: Path, commit) -> Project:
    """The data as it was at ``commit``, loaded and checked like the working tree."""
    return load_project(root, GitSource(repo, commit, root))


@dataclass
class Side:
    """One side of a comparison: a recorded version, a revision or the working tree."""

    label: str
    """Version name, short commit id, or "werkversie"."""
    commit: object = None
    """The git commit, or None for the working tree."""
    version: object = None
    """The recorded Version when the side was named by one."""

    @property
    def author(self) -> str:
        return self.commit.author.name if self.commit is not None else ""

    @property
    def date(self) -> dt.datetime | None:
        return self.commit.committed_datetime if self.commit is not None else None


def resolve_side(repo, project: Project, region: str, spec: str | None) -> Side:
    """A version name (from the register), a git revision, or None/"werkversie" (working tree)."""
    if spec is None or spec == WORKTREE:
        return Side(WORKTREE)
    version = project.ledger(region).version(spec)
    if version is not None:
        commit = resolve_commit(repo, version.revision)
        if commit is None:
            raise UsageError(f"version {spec!r} names commit {version.revision[:10]}, which is not "
                             "in this repository")
        return Side(spec, commit, version)
    commit = resolve_commit(repo, spec)
    if commit is None:
        names = ", ".join(v.name for v in project.ledger(region).versions) or "none recorded"
        raise UsageError(f"{spec!r} is neither a recorded version of {region} ({names}) "
                         "nor a git revision")
    return Side(commit.hexsha[:10], commit)


def region_paths(repo, project: Project, region: str, parties: bool = False) -> list[str]:
    """The files whose history is the region's text: its manifest and the clauses it uses;
    with ``parties`` also the registry files of its parties."""
    manifest = project.manifests[region]
    paths = [rel(repo, manifest.path)]
    for ref in manifest.clause_refs():
        clause = project.clauses.get(ref.id)
        if clause is not None:
            paths.append(rel(repo, clause.path))
    if parties:
        paths += [rel(repo, project.parties[r.id].path) for r in manifest.partijen
                  if r.id in project.parties]
    return sorted(set(paths))


def uncommitted(repo, paths: list[str]) -> list[str]:
    """Those of ``paths`` (files or folders) with changes not committed, staged or not."""
    out = repo.git.status("--porcelain", "--untracked-files=all", "--", *paths)
    return [line[3:] for line in out.splitlines() if line.strip()]


@dataclass
class LogEntry:
    sha: str
    date: dt.date
    author: str
    subject: str
    body: str = ""


_FIELD, _RECORD = "\x1f", "\x1e"


def log(repo, paths: list[str], since: str | None = None, until: str = "HEAD",
        bodies: bool = False) -> list[LogEntry]:
    """Commits touching ``paths`` after ``since`` up to ``until``, newest first: one git call."""
    fmt = _FIELD.join(["%H", "%cs", "%an", "%s"] + (["%b"] if bodies else [])) + _RECORD
    span = f"{since}..{until}" if since else until
    try:
        out = repo.git.log(f"--format={fmt}", span, "--", *paths)
    except Exception as exc:  # an empty repository has no HEAD
        if "does not have any commits" in str(exc) or "unknown revision" in str(exc):
            return []
        raise
    entries = []
    for record in out.split(_RECORD):
        record = record.strip("\n")
        if not record:
            continue
        fields = record.split(_FIELD)
        entries.append(LogEntry(fields[0], dt.date.fromisoformat(fields[1]), fields[2], fields[3],
                                fields[4].strip() if bodies else ""))
    return entries


def commit_files(repo, files: dict[Path, str], message: str, own: tuple[Path, ...] = ()) -> str:
    """Write ``files`` and commit exactly them as one commit; return its sha.

    Refused when one of them has uncommitted changes (they would be swept into the commit),
    except the files in ``own``: changes the calling operation wrote there itself (a record
    of e-mails sent, kept on disk message by message).
    On any failure (a hook, a missing git identity) every file is restored and unstaged.
    """
    paths = [rel(repo, p) for p in files]
    mine = {rel(repo, p) for p in own}
    dirty = [p for p in uncommitted(repo, paths) if p not in mine]
    if dirty:
        raise UsageError(f"{dirty[0]} has uncommitted changes; commit or discard them first")
    before = {p: (p.read_bytes() if p.exists() else None) for p in files}
    try:
        for path, text in files.items():
            write_atomic(path, text)
        repo.git.add("--", *paths)
        repo.git.commit("--quiet", "--only", "-m", message, "--", *paths)
    except Exception as exc:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)
        try:
            repo.git.reset("--quiet", "--", *paths)
        except Exception:  # noqa: BLE001 - best effort; the files are already restored
            pass
        detail = getattr(exc, "stderr", "") or str(exc)
        detail = " ".join(detail.replace("stderr:", "").split()).strip(" '")
        raise ConvenantError(f"git commit failed, nothing was changed: {detail}") from None
    return repo.head.commit.hexsha

