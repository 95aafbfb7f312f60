"""Git as the record: revisions of the data, commits of register entries, the change log.

Revisions are read from git objects (GitSource), never by checking out. Every write to the
data is one commit holding only the files of that operation; when anything fails, the files
and the index are put back as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import ConvenantError, UsageError, shown
from .output import write_all, write_atomic
from .project import Project, load_project
from .source import GitSource
from .i18n import _

WORKTREE = "werkversie"
"""Name of the working tree as a side of a comparison."""


def open_repo(root: Path):
    """The git repository holding ``root`` (a parent folder may hold it), with a commit at HEAD.

    UsageError when there is none, when it has no work tree (a bare repository) or when HEAD
    has no commit yet (a new repository, or a new branch nothing was committed on).
    """
    import git

    try:
        repo = git.Repo(Path(root), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(_("{root} is not inside a git repository: versions, diffs and the "
                           "register need the data under git (git init; git add; git "
                           "commit)").format(root=root)) from None
    if repo.bare or repo.working_tree_dir is None:
        raise UsageError(_("{root} is inside a bare git repository (one without work tree): "
                           "run the command in a clone of it").format(root=root))
    if not _head_exists(repo):
        raise UsageError(_("the git repository at {folder} has no commits yet{on_branch}: "
                           "commit the data first (git add; git commit)").format(
            folder=repo.working_tree_dir, on_branch=_on_branch(repo)))
    return repo


def _head_exists(repo) -> bool:
    """Whether HEAD names a commit id, read from the refs (no git process, no object read)."""
    import git

    try:
        return bool(git.SymbolicReference.dereference_recursive(repo, "HEAD"))
    except ValueError:  # HEAD names a branch that does not exist yet
        return False
    except Exception:  # noqa: BLE001 - refs stored another way: ask for the object
        return repo.head.is_valid()


def _on_branch(repo) -> str:
    try:
        return _(" on branch {branch}").format(branch=repo.head.reference.name)
    except (TypeError, ValueError):  # pragma: no cover - detached; then HEAD is a commit
        return ""


def rel(repo, path: Path) -> str:
    """``path`` relative to the work tree, in git's form.

    The path as named: a symbolic link at its end is not followed (git keeps the link itself;
    where it points is no concern of the data). UsageError for a path outside the work tree.
    """
    path = Path(path)
    work = Path(repo.working_tree_dir).resolve()
    named = path.parent.resolve() / path.name if path.name else path.resolve()
    try:
        return named.relative_to(work).as_posix()
    except ValueError:
        raise UsageError(_("{path} is not inside the git work tree {work}").format(
            path=path, work=work)) from None


def _rev_parse(repo, rev: str) -> str | None:
    """The object id ``rev`` names, by git's own parser (its full revision syntax), or None.

    ``--end-of-options``: a revision starting with "-" is never taken as an option.
    """
    import git

    try:
        return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", rev).strip() or None
    except (git.GitCommandError, ValueError):  # ValueError: a NUL byte in the argument
        return None


def resolve_commit(repo, spec: str):
    """The commit named by a revision, or None if it names nothing in this repository.

    Anything git itself takes (sha, tag, branch, HEAD~2, @{-1}, main@{1}, HEAD@{yesterday},
    :/message), resolved by ``git rev-parse``. A revision naming something that is not a
    commit (a tree, a blob, a tag of one) is a UsageError.
    """
    spec = str(spec)
    sha = _rev_parse(repo, f"{spec}^{{commit}}")
    if sha is None:
        # ":/text" takes the rest as its pattern, a suffix too: name the object, then peel it.
        named = _rev_parse(repo, spec)
        if named is None or _rev_parse(repo, f"{named}^{{object}}") is None:
            return None  # (a full object id parses without the object: is it here?)
        sha = _rev_parse(repo, f"{named}^{{commit}}")
        if sha is None:
            kind = repo.git.cat_file("-t", _rev_parse(repo, f"{named}^{{}}") or named).strip()
            raise UsageError(_("{spec} names a {kind}, not a commit").format(spec=shown(spec),
                                                                             kind=kind))
    return repo.commit(sha)


def shallow_hint(repo) -> str:
    """A hint to append to "not in this repository" when the clone is shallow, else ""."""
    try:
        shallow = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except Exception:  # noqa: BLE001 - only a hint
        shallow = False
    return _("; this is a shallow clone, without the older history: `git fetch --unshallow` "
             "fetches it") if shallow else ""


def absent(repo, sha: str) -> str:
    """"commit X, which is not in this repository" with the shallow-clone hint if it applies."""
    return _("commit {commit}, which is not in this repository{hint}").format(
        commit=sha[:10], hint=shallow_hint(repo))


def version_commit(repo, version):
    """The commit of a recorded version; UsageError when it is not in this repository."""
    commit = resolve_commit(repo, version.revision)
    if commit is None:
        raise UsageError(_("version {name} names {absent}").format(
            name=shown(version.name), absent=absent(repo, version.revision)))
    return commit


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
    version = project.register(region).version(spec)
    if version is not None:
        return Side(spec, version_commit(repo, version), version)
    commit = resolve_commit(repo, spec)
    if commit is None:
        names = ", ".join(v.name for v in project.register(region).versions) or _("none recorded")
        raise UsageError(_("{spec} is neither a recorded version of {region} ({names}) nor a "
                           "git revision{hint}").format(spec=shown(spec), region=region,
                                                        names=names, hint=shallow_hint(repo)))
    return Side(commit.hexsha[:10], commit)


def region_paths(repo, project: Project, region: str, parties: bool = False) -> list[str]:
    """The files whose history is the region's text: its manifest and the clauses it uses;
    with ``parties`` also the registry files of its parties."""
    manifest = project.manifests[region]
    paths = [rel(repo, manifest.path)]
    paths += [rel(repo, project.clauses[ref.id].path) for ref in manifest.clause_refs()
              if ref.id in project.clauses]
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
    import git

    fmt = _FIELD.join(["%H", "%cs", "%an", "%s"] + (["%b"] if bodies else [])) + _RECORD
    span = f"{since}..{until}" if since else until
    try:  # --end-of-options: an end starting with "-" is never taken as an option
        out = repo.git.log(f"--format={fmt}", "--end-of-options", span, "--", *paths)
    except git.GitCommandError as exc:  # say which end is missing (a shallow clone?)
        if since and resolve_commit(repo, since) is None:
            raise UsageError(_("the log starts at {absent}").format(
                absent=absent(repo, since))) from None
        if resolve_commit(repo, until) is None:
            raise UsageError(_("{revision} is not a git revision{hint}").format(
                revision=shown(until), hint=shallow_hint(repo))) from None
        detail = " ".join(str(exc.stderr or exc).replace("stderr:", "").split()).strip(" '")
        raise ConvenantError(_("git log failed: {detail}").format(detail=detail)) from None
    records = (record.strip("\n") for record in out.split(_RECORD))
    fields = [record.split(_FIELD) for record in records if record]
    return [LogEntry(f[0], dt.date.fromisoformat(f[1]), f[2], f[3], f[4].strip() if bodies else "")
            for f in fields]


def commit_files(repo, files: dict[Path, str | bytes], message: str, own: tuple[Path, ...] = ()) -> str:
    """Write ``files`` and commit exactly them as one commit on top of HEAD (``repo`` is from
    open_repo: HEAD is a commit); return its sha.

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
        raise UsageError(_("{path} has uncommitted changes; commit or discard them first "
                           "(`git diff -- {path}` shows them)").format(path=dirty[0]))
    before = {p: (p.read_bytes() if p.exists() else None) for p in files}
    old_head = _rev_parse(repo, "HEAD")
    try:
        write_all(files)
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
            if _rev_parse(repo, "HEAD") != old_head:
                # a commit was made but is not what was asked: it must not stand as a record
                repo.git.reset("--quiet", "--soft", old_head)
            repo.git.reset("--quiet", "--", *paths)
        except Exception:  # noqa: BLE001 - best effort; the files are already restored
            pass
        if not isinstance(exc, Exception):
            raise
        detail = getattr(exc, "stderr", "") or str(exc)
        detail = " ".join(detail.replace("stderr:", "").split()).strip(" '")
        raise ConvenantError(_("git commit failed, nothing was changed: {detail}").format(
            detail=detail)) from None
    return sha


def _check_commit(repo, old_head: str, files: dict[Path, str | bytes], paths: list[str]) -> str:
    """The commit just made, if it is on top of ``old_head`` and holds exactly ``files``."""
    sha = _rev_parse(repo, "HEAD")
    if sha is None or sha == old_head:
        raise ConvenantError(_("git made no commit"))
    if repo.git.rev_parse(f"{sha}^@").split() != [old_head]:
        raise ConvenantError(_("the commit {commit} is not on top of {head}").format(
            commit=sha[:10], head=old_head[:10]))
    changed = set(filter(None, repo.git.diff_tree("-z", "--no-commit-id", "--name-only", "-r",
                                                  "--root", sha).split("\0")))
    if changed - set(paths):
        raise ConvenantError(_("the commit {commit} holds other files: {files}").format(
            commit=sha[:10], files=", ".join(sorted(changed - set(paths)))))
    for path, rel_path in zip(files, paths):
        if repo.git.rev_parse(f"{sha}:{rel_path}") != repo.git.hash_object("--", str(path)):
            raise ConvenantError(_("the commit {commit} does not hold {path} as written").format(
                commit=sha[:10], path=rel_path))
    return sha
