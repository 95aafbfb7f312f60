"""One writer at a time: the repository-wide lock of every command that records or commits.

A command that writes data (the register, accession files, parties, manifests) loads the data,
checks it, writes and commits. Two such commands at the same moment would each load the
register before the other wrote it, and the second commit would drop the first record. So
every such command runs inside :func:`writing`, which holds one lock file in the git
directory for the whole load-check-write-commit; a second writer waits a few seconds, then
refuses. Before the command starts, the traces an interrupted command may have left are
looked for: a stale ``.git/index.lock`` and records written but never committed.
"""

from __future__ import annotations

import functools
import shlex
from contextlib import contextmanager
from pathlib import Path

from .errors import ConvenantError, UsageError
from .history import open_repo, rel
from .i18n import _

WAIT_SECONDS = 5.0
"""How long a second writer waits for the first before it refuses."""

LOCK_NAME = "convenant.lock"
RECORD_DIRS = ("register", "toetredingen")
"""Folders only commands write: changes there that are not committed were left by a command
that was interrupted (or by a hand edit not yet committed)."""


class Busy(ConvenantError):
    """Another convenant command holds the repository's lock."""


@contextmanager
def writing(root: Path):
    """Hold the repository's lock while the body loads, writes and commits.

    Raises Busy when another command keeps it longer than WAIT_SECONDS, and ConvenantError
    for a stale index lock or uncommitted records left behind.
    """
    from filelock import FileLock, Timeout

    repo = open_repo(root)
    try:
        with FileLock(lock_path(repo), timeout=WAIT_SECONDS):
            check_leftovers(repo, Path(root))
            yield repo
    except Timeout:  # only FileLock raises it: waiting for the lock took too long
        raise Busy(_("another convenant command is writing in this repository; nothing was "
                     "changed: try again when it has finished")) from None


def lock_path(repo) -> Path:
    """The lock file: in the git directory (shared by worktrees), never in the work tree."""
    return Path(repo.common_dir) / LOCK_NAME


def writes_repository(func):
    """Decorator: run a command ``func(root, ...)`` inside :func:`writing`."""
    @functools.wraps(func)
    def wrapper(root, *args, **kwargs):
        with writing(root):
            return func(root, *args, **kwargs)
    return wrapper


def check_leftovers(repo, root: Path) -> None:
    """Refuse to start on top of what an interrupted command left behind, saying how to clean up."""
    work = Path(repo.working_tree_dir)
    if repo.head.is_detached:
        raise UsageError(_("HEAD is detached (at {commit}): a record committed there would "
                           "belong to no branch; switch to the branch that holds the register"
                           " first (git switch main)").format(commit=repo.head.commit.hexsha[:10]))
    index_lock = Path(repo.git_dir) / "index.lock"
    if index_lock.exists():
        raise ConvenantError(
            _("{index_lock} exists: a git command is running, or one was interrupted and left"
              " it behind; if no git command is running, remove it (rm {quoted}) and try "
              "again").format(index_lock=index_lock, quoted=shlex.quote(str(index_lock))))
    # A symbolic link is never data: the loader refuses it, it is not a record left behind.
    folders = [root / name for name in RECORD_DIRS
               if (root / name).is_dir() and not (root / name).is_symlink()]
    if not folders:
        return
    out = repo.git.status("--porcelain", "--untracked-files=all", "--",
                          *[rel(repo, folder) for folder in folders])
    for line in out.splitlines():
        if not line.strip():
            continue
        path = line[3:].strip('"')
        if (work / path).is_symlink():
            continue
        quoted = shlex.quote(path)
        if line.startswith("??"):
            fix = _("keep it with `git add {quoted} && git commit`, or remove it with "
                    "`rm {quoted}`").format(quoted=quoted)
        else:
            fix = _("see them with `git diff -- {quoted}`, then keep them with `git commit -m "
                    "... -- {quoted}` or discard them with `git checkout -- {quoted}`").format(
                quoted=quoted)
        raise UsageError(
            _("{path} has uncommitted changes (left by an interrupted command, or edited by "
              "hand): {fix} (in {work}); nothing was changed").format(path=path, fix=fix,
                                                                      work=work))
