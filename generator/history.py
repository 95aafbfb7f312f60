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
    On any failure (a hook, a missing git identity, an interrupt) every file is restored and
    unstaged. The commit is checked before returning: a new commit on top of the old HEAD
    that holds exactly these files with exactly this content; only then may a command say
    "recorded".
    """
    paths = [rel(repo, p) for p in files]
    mine = {rel(repo, p) for p in own}
    dirty = [p for p in uncommitted(repo, paths) if p not in mine]
    if dirty:
        raise UsageError(f"{dirty[0]} has uncommitted changes; commit or discard them first "
                         f"(`git diff -- {dirty[0]}` shows them)")
    before = {p: (p.read_bytes() if p.exists() else None) for p in files}
    old_head = _head(repo)
    try:
        for path, text in files.items():
            write_atomic(path, text)
        repo.git.add("--", *paths)
        repo.git.commit("--quiet", "--only", "--no-edit", "-m", message, "--", *paths)
        sha = _check_commit(repo, old_head, files, paths)
    except BaseException as exc:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)
        try:
            if _head(repo) != old_head and old_head is not None:
                # a commit was made but is not what was asked: it must not stand as a record
                repo.git.reset("--quiet", "--soft", old_head)
            repo.git.reset("--quiet", "--", *paths)
        except Exception:  # noqa: BLE001 - best effort; the files are already restored
            pass
        if not isinstance(exc, Exception):
            raise
        detail = getattr(exc, "stderr", "") or str(exc)
        detail = " ".join(detail.replace("stderr:", "").split()).strip(" '")
        raise ConvenantError(f"git commit failed, nothing was changed: {detail}") from None
    return sha


def _head(repo) -> str | None:
    try:
        return repo.git.rev_parse("--verify", "--quiet", "HEAD").strip() or None
    except Exception:  # noqa: BLE001 - a repository without commits
        return None


def _check_commit(repo, old_head: str | None, files: dict[Path, str], paths: list[str]) -> str:
    """The commit just made, if it is on top of ``old_head`` and holds exactly ``files``."""
    sha = _head(repo)
    if sha is None or sha == old_head:
        raise ConvenantError("git made no commit")
    parents = repo.git.rev_parse(f"{sha}^@").split() if old_head else []
    if parents != ([old_head] if old_head else []):
        raise ConvenantError(f"the commit {sha[:10]} is not on top of {old_head[:10]}")
    changed = set(filter(None, repo.git.diff_tree("-z", "--no-commit-id", "--name-only", "-r",
                                                  "--root", sha).split("\0")))
    if changed - set(paths):
        raise ConvenantError(f"the commit {sha[:10]} holds other files: {', '.join(sorted(changed - set(paths)))}")
    for path, rel_path in zip(files, paths):
        if repo.git.rev_parse(f"{sha}:{rel_path}") != repo.git.hash_object("--", str(path)):
            raise ConvenantError(f"the commit {sha[:10]} does not hold {rel_path} as written")
    return sha
