"""Real git repositories in temp folders, holding a copy of the data, for history tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DATA = ("clauses", "parties", "convenants")


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, check=True, capture_output=True,
                          text=True).stdout


def init_repo(path: Path, source: Path | None = None, files: dict[str, str] | None = None,
              message: str = "Convenanten vastgelegd") -> Path:
    """A git repository at ``path`` with the data of ``source`` (or ``files``), one commit."""
    path.mkdir(parents=True, exist_ok=True)
    if source is not None:
        for folder in DATA:
            shutil.copytree(source / folder, path / folder)
    for rel, text in (files or {}).items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text, encoding="utf-8")
    git(path, "init", "--quiet", "--initial-branch=main")
    git(path, "config", "user.name", "Secretariaat ZVH")
    git(path, "config", "user.email", "secretariaat@example.org")
    git(path, "config", "commit.gpgsign", "false")
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "-m", message)
    return path


def edit(path: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur once) by ``new`` in one file."""
    file = path / rel
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def commit_all(path: Path, message: str) -> str:
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "-m", message)
    return git(path, "rev-parse", "HEAD").strip()


def head(path: Path) -> str:
    return git(path, "rev-parse", "HEAD").strip()


def status(path: Path) -> str:
    return git(path, "status", "--porcelain", "--untracked-files=all")


def changed_files(path: Path, rev: str = "HEAD") -> list[str]:
    """Files changed by one commit."""
    return git(path, "show", "--name-only", "--format=", rev).split()


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file of the work tree (not .git), to prove an operation changed nothing."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(path).parts}


def repo_state(path: Path) -> tuple:
    """Work tree files (build/ included), index, HEAD and status: compare before and after a
    refused command to prove it left everything as it was."""
    index = git(path, "ls-files", "--stage") if (path / ".git").exists() else ""
    try:
        top = git(path, "rev-parse", "--verify", "--quiet", "HEAD").strip()
    except subprocess.CalledProcessError:
        top = ""
    state = git(path, "status", "--porcelain", "--untracked-files=all") if (path / ".git").exists() else ""
    return snapshot(path), index, top, state
