"""Hardening: only plain files are data, and every state of git is a one-line error.

Two halves, both driven through the real command line on real temporary git repositories:

* Symbolic links (to a file, to a folder, out of the repository, dangling, a data folder that
  is one), named pipes and other special files under the data folders, in the working tree or
  in a git revision (blobs of mode 120000, submodule entries), are refused by every command
  with ``path: is a symbolic link`` (or what else they are) and are never read, followed or
  listed. An audit hook proves nothing behind a link was opened or listed.
* A repository without commits, a detached HEAD, a shallow clone, git's whole revision syntax,
  revisions that are not commits or look like options, a register naming a commit that is not
  there, a data root outside any repository or in a subfolder of one.

Every refusal: exit status 1, ``error: ...`` on one line (or the problem lines), no traceback,
the work tree, index and HEAD as they were, no build/ folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

from .conftest import SECRETARIAAT, TINY_FILES
from .gitrepo import commit_all, edit, git, head, init_repo, repo_state

FORM = """\
naam: Stichting Nieuw
statutaire_zetel: Assen
adres: Markt 5, 9401 GS Assen
vertegenwoordiger:
  aanhef: mevrouw
  naam: E. van Dijk
  functie: directeur-bestuurder
bijdrage: Opvang.
"""
SECRET = "GEHEIM-BUITEN-DE-REPOSITORY"
"""Text only in files behind links: it must never show up in an output or a message."""


def tiny_files() -> dict[str, str]:
    files = {name: textwrap.dedent(text) for name, text in TINY_FILES.items()}
    files["convenants/noord.yaml"] += SECRETARIAAT  # pakket gets as far as the text
    return files


@pytest.fixture
def repo(tmp_path) -> Path:
    return init_repo(tmp_path / "repo", files=tiny_files())


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder next to the repository, with files a link could point at."""
    folder = tmp_path / "buiten"
    folder.mkdir()
    (folder / "x.md").write_text(f"## {SECRET}\n\n{SECRET}\n", encoding="utf-8")
    (folder / "partij.yaml").write_text(f"naam: {SECRET}\nsoort: gemeente\ndeelname:\n  noord:\n",
                                        encoding="utf-8")
    (folder / "form.yaml").write_text(FORM, encoding="utf-8")
    os.mkfifo(folder / "pijp.md")  # listed through a followed link it would be found; read, hang
    return folder


# ---------------------------------------------------------------- running and checking


@contextlib.contextmanager
def deadline(seconds: int = 60):
    """Fail instead of hanging when something opens a named pipe after all."""
    def expired(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s: a named pipe was read?")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_TOUCHED: list[str] | None = None
"""While set: every path opened or listed in this process (sys.addaudithook)."""
_HOOKED = False


def _audit(event, args):
    if _TOUCHED is not None and event in ("open", "os.scandir", "os.listdir", "os.walk", "glob.glob"):
        path = args[0] if args else None
        if isinstance(path, (str, bytes, os.PathLike)):
            _TOUCHED.append(os.fsdecode(path))


@contextlib.contextmanager
def watching():
    """The paths opened or listed inside (an audit hook: no open() escapes it)."""
    global _TOUCHED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)  # stays for the session; records only inside watching()
        _HOOKED = True
    _TOUCHED = seen = []
    try:
        yield seen
    finally:
        _TOUCHED = None


def cli(root: Path, *args: str):
    with deadline():
        return CliRunner().invoke(main, list(args), env={"CONVENANT_ROOT": str(root)})


def ok(result):
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result


def failed(result):
    assert "Traceback" not in result.output, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    return result.stderr.strip().splitlines()


def one_error(result, message: str) -> str:
    """The refusal is one line, ``error: ...``, holding ``message``."""
    lines = failed(result)
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0], lines[0]
    return lines[0]


def problems(result, *expected: str) -> list[str]:
    """The refusal lists the problems, ``expected`` among them as whole lines."""
    lines = failed(result)
    for line in expected:
        assert line in lines, result.stderr
    assert lines[-1].endswith("found; nothing was written."), result.stderr
    return lines


def refused_unchanged(root: Path, *args: str, touched: list | None = None):
    """Run a command that must be refused; it leaves everything as it was. The paths it
    opened or listed are added to ``touched``."""
    before = repo_state(root)
    with watching() as seen:
        result = cli(root, *args)
    if touched is not None:
        touched += seen
    assert repo_state(root) == before
    assert not (root / "build").exists()
    return result


# ---------------------------------------------------------------- links and special files

# Every command that loads the working tree (the writing ones too: nothing is written).
COMMANDS = [
    ["build", "noord", "--format", "html"],
    ["lint"],
    ["regions"],
    ["compare", "noord", "zuid"],
    ["status", "noord"],
    ["status", "noord", "--op", "2024-06-01"],
    ["versions", "noord"],
    ["build", "noord", "--op", "2024-06-01", "--format", "html"],
    ["uittreding", "noord", "stad", "--grond", "23.2", "--date", "2024-06-01",
     "--ingebrekestelling", "2024-05-01"],
    ["vaststellen", "noord", "v1", "--besluit", "2024-01-01"],
    ["sign", "noord", "stad", "--version", "v1", "--date", "2024-02-01", "--place", "Assen"],
    ["diff", "noord", "HEAD"],
    ["wijzigingsvoorstel", "noord", "HEAD", "werkversie", "--format", "docx"],
    ["pakket", "noord"],
    ["toetreding", "status", "noord"],
    ["toetreding", "aanvraag", "noord", "--organisatie", "{form}", "--via", "stad"],
]
IDS = [" ".join(c[:2] + c[2:3] * (c[2:3] == ["--op"])) for c in COMMANDS]


def _link_file_inside(root, outside):
    os.symlink("overleg.md", root / "clauses/artikelen/kopie.md")
    return "clauses/artikelen/kopie.md"


def _link_folder(root, outside):
    os.symlink(outside, root / "clauses/extra", target_is_directory=True)
    return "clauses/extra"


def _link_out_of_repository(root, outside):
    os.symlink(outside / "partij.yaml", root / "parties/buiten.yaml")
    return "parties/buiten.yaml"


def _link_dangling(root, outside):
    os.symlink(root / "convenants/bestaat-niet.yaml", root / "convenants/weg.yaml")
    return "convenants/weg.yaml"


def _data_folder_is_a_link(root, outside):
    (root / "clauses").rename(outside / "clauses")
    os.symlink(outside / "clauses", root / "clauses", target_is_directory=True)
    return "clauses"


def _optional_data_folder_is_a_link(root, outside):
    (outside / "toetredingen").mkdir()
    os.symlink(outside / "toetredingen", root / "toetredingen", target_is_directory=True)
    return "toetredingen"


LINKS = {
    "file-inside": _link_file_inside,
    "folder": _link_folder,
    "out-of-repository": _link_out_of_repository,
    "dangling": _link_dangling,
    "data-folder": _data_folder_is_a_link,
    "optional-data-folder": _optional_data_folder_is_a_link,
}


def _args(command, outside):
    return [a.replace("{form}", str(outside / "form.yaml")) for a in command]


def _committed(root):
    """Commit the links too (git keeps them as links): the refusal is the link, not an
    uncommitted file."""
    git(root, "add", "--all")
    if git(root, "status", "--porcelain"):
        git(root, "commit", "--quiet", "-m", "links")


@pytest.mark.parametrize("kind", LINKS)
@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_link_in_the_working_tree_is_refused_unread(repo, outside, kind, command):
    name = LINKS[kind](repo, outside)
    _committed(repo)
    touched = []
    result = refused_unchanged(repo, *_args(command, outside), touched=touched)
    lines = problems(result, f"{name}: is a symbolic link")
    assert not [line for line in lines if line.startswith(f"{name}/") or "folder missing" in line]
    assert SECRET not in result.output
    form = str(outside / "form.yaml")
    behind = [p for p in touched if Path(p).is_relative_to(outside) and p != form]
    assert not behind, behind  # nothing behind the link was opened or listed
    assert not [p for p in touched if Path(p) == repo / name]


FIFOS = ["convenants/pijp.yaml", "clauses/artikelen/pijp.md", "parties/pijp.yaml",
         "register/pijp.yaml"]


SOME = [c for c in COMMANDS if c[0] in ("build", "lint", "versions", "diff", "pakket")]


@pytest.mark.parametrize("where", FIFOS)
@pytest.mark.parametrize("command", SOME, ids=[" ".join(c[:2]) for c in SOME])
def test_a_named_pipe_is_refused_unopened(repo, outside, where, command):
    (repo / where).parent.mkdir(exist_ok=True)
    os.mkfifo(repo / where)  # opened for reading it would block: deadline() fails the test
    touched = []
    result = refused_unchanged(repo, *_args(command, outside), touched=touched)
    problems(result, f"{where}: is a named pipe (FIFO), not a regular file")
    assert str(repo / where) not in touched


def test_every_link_is_reported_at_once(repo, outside):
    names = [make(repo, outside) for kind, make in LINKS.items()
             if kind not in ("data-folder",)]
    os.mkfifo(repo / "convenants/pijp.yaml")
    lines = problems(refused_unchanged(repo, "build", "noord", "--format", "html"),
                     *[f"{name}: is a symbolic link" for name in names],
                     "convenants/pijp.yaml: is a named pipe (FIFO), not a regular file")
    assert len(lines) == len(names) + 2  # only these: no follow-up errors


def test_the_sources_never_open_a_link_or_a_pipe(repo, outside):
    """Also asked directly (not through a listing), a source refuses to read them."""
    from generator.source import FileSource, GitSource
    from generator.history import open_repo

    os.symlink(outside / "x.md", repo / "clauses/extra.md")
    os.mkfifo(repo / "clauses/pijp.md")
    git(repo, "add", "clauses/extra.md")
    git(repo, "commit", "--quiet", "-m", "link")
    source = FileSource(repo)
    with deadline(), watching() as touched:
        for name, message in (("extra.md", "is a symbolic link"),
                              ("pijp.md", "is a named pipe (FIFO), not a regular file")):
            with pytest.raises(OSError, match=re.escape(message)):
                source.read_text(repo / "clauses" / name)
    assert not touched
    repo_ = open_repo(repo)
    at = GitSource(repo_, repo_.head.commit, repo)
    assert repo / "clauses/extra.md" not in at.files(repo / "clauses", "*.md")
    with pytest.raises(OSError, match="is a symbolic link"):
        at.read_text(repo / "clauses/extra.md")


def test_a_link_outside_the_data_folders_is_no_concern(repo, outside):
    os.symlink(outside / "x.md", repo / "LEESMIJ.md")
    ok(cli(repo, "build", "noord", "--format", "html"))


def _commit_then_remove(root, make) -> str:
    """A commit holding what ``make`` puts in the tree (and stages), then one without it;
    the first one's sha."""
    removed = make(root)
    git(root, "commit", "--quiet", "-m", "met link")
    sha = head(root)
    git(root, "rm", "-r", "--cached", "--quiet", removed)
    git(root, "commit", "--quiet", "-m", "zonder link")
    path = root / removed
    if path.is_symlink() or path.is_file():
        path.unlink()
    return sha


def _git_link_file(root, outside):
    os.symlink(outside / "x.md", root / "clauses/extra.md")
    git(root, "add", "clauses/extra.md")
    return "clauses/extra.md", "is a symbolic link"


def _git_link_folder(root, outside):
    os.symlink(outside, root / "clauses/extra", target_is_directory=True)
    git(root, "add", "clauses/extra")
    return "clauses/extra", "is a symbolic link"


def _git_link_data_folder(root, outside):
    os.symlink(outside, root / "register", target_is_directory=True)
    git(root, "add", "register")
    return "register", "is a symbolic link"


def _git_submodule(root, outside):
    sha = head(root)
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{sha},clauses/sub")
    return "clauses/sub", "is a git submodule, not a file or folder of the data"


GIT_ENTRIES = {"link-file": _git_link_file, "link-folder": _git_link_folder,
               "link-data-folder": _git_link_data_folder, "submodule": _git_submodule}


@pytest.mark.parametrize("kind", GIT_ENTRIES)
def test_a_link_or_submodule_in_a_revision_is_refused_unread(repo, outside, kind):
    found = {}

    def make(root):
        found["name"], found["reason"] = GIT_ENTRIES[kind](root, outside)
        return found["name"]

    old = _commit_then_remove(repo, make)
    # A version recorded at the revision with the entry (the register edited by hand), and a
    # later text: pakket has to read the version's text from git.
    ok(cli(repo, "vaststellen", "noord", "v1", "--besluit", "2024-01-01"))
    register = repo / "register/noord.yaml"
    register.write_text(_with_revision(register.read_text(), old))
    edit(repo, "clauses/artikelen/overleg.md", "de leden.", "de leden en de adviseurs.")
    commit_all(repo, "revisie met de hand; adviseurs")
    expected = f"{old[:10]}:{found['name']}: {found['reason']}"
    for args in (["diff", "noord", old], ["diff", "noord"],
                 ["wijzigingsvoorstel", "noord", old, "HEAD", "--format", "docx"],
                 ["vaststellen", "noord", "v2", "--besluit", "2024-01-01", "--rev", old],
                 ["pakket", "noord"]):
        touched = []
        result = refused_unchanged(repo, *args, touched=touched)
        lines = problems(result, expected)
        assert not [line for line in lines if f":{found['name']}/" in line], lines
        assert SECRET not in result.output
        assert not [p for p in touched if Path(p).is_relative_to(outside)]


def _with_revision(text: str, sha: str) -> str:
    data = yaml.safe_load(text)
    return text.replace(data["versies"][0]["revisie"], sha)


def test_a_link_in_a_revision_in_a_subfolder_root(tmp_path, outside):
    outer = init_repo(tmp_path / "outer", files={f"data/{k}": v for k, v in tiny_files().items()})
    root = outer / "data"
    old = _commit_then_remove(root, lambda r: _git_link_file(r, outside)[0])
    problems(refused_unchanged(root, "diff", "noord", old),
             f"{old[:10]}:clauses/extra.md: is a symbolic link")


# ---------------------------------------------------------------- states of git

# Every command that needs git, as the same refusal would reach it.
GIT_COMMANDS = [
    ["versions", "noord"],
    ["vaststellen", "noord", "v9", "--besluit", "2024-01-01"],
    ["vaststellen", "noord", "v9", "--besluit", "2024-01-01", "--rev", "HEAD"],
    ["sign", "noord", "zorg-en-co", "--version", "v1", "--date", "2024-02-01", "--place", "Assen"],
    ["diff", "noord", "HEAD"],
    ["diff", "noord"],
    ["wijzigingsvoorstel", "noord", "HEAD", "werkversie", "--format", "docx"],
    ["pakket", "noord"],
    ["toetreding", "aanvraag", "noord", "--organisatie", "{form}", "--via", "stad"],
]
GIT_IDS = [" ".join(c[:2]) + (" --rev" if "--rev" in c else "") + (" (latest)" if c == ["diff", "noord"] else "")
           for c in GIT_COMMANDS]


TOELICHTING = """\
---
titel: Adviseurs in het overleg
wijzigt: "v1"
---

Ook de adviseurs nemen deel aan het overleg.
"""


def _recorded_then_changed(root):
    """Version v1 recorded and signed by stad, then a change to the text committed with its
    toelichting (wijzigingsvoorstel v1 HEAD needs one)."""
    ok(cli(root, "vaststellen", "noord", "v1", "--besluit", "2024-01-01"))
    ok(cli(root, "sign", "noord", "stad", "--version", "v1", "--date", "2024-02-01",
           "--place", "Assen"))
    edit(root, "clauses/artikelen/overleg.md", "de leden.", "de leden en de adviseurs.")
    (root / "wijzigingen/noord").mkdir(parents=True)
    (root / "wijzigingen/noord/adviseurs.md").write_text(TOELICHTING, encoding="utf-8")
    return commit_all(root, "overleg: adviseurs")


@pytest.fixture
def history(repo) -> Path:
    _recorded_then_changed(repo)
    return repo


def _fresh_copy(source: Path, target: Path, init: bool) -> Path:
    """The files of ``source`` (not its history) in ``target``, optionally `git init`ed."""
    for rel in git(source, "ls-files").split():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes((source / rel).read_bytes())
    edit(target, "clauses/artikelen/overleg.md", "adviseurs", "deskundigen")  # not version v1
    if init:
        git(target, "init", "--quiet", "--initial-branch=main")
    return target


@pytest.mark.parametrize("command", GIT_COMMANDS, ids=GIT_IDS)
def test_a_repository_without_commits(history, tmp_path, outside, command):
    root = _fresh_copy(history, tmp_path / "nieuw", init=True)
    git(root, "add", "--all")  # staged, not committed
    message = one_error(refused_unchanged(root, *_args(command, outside)),
                        "has no commits yet on branch main: commit the data first")
    assert str(root) in message


@pytest.mark.parametrize("command", GIT_COMMANDS, ids=GIT_IDS)
def test_a_new_branch_without_commits(history, outside, command):
    git(history, "checkout", "--quiet", "--orphan", "leeg")
    one_error(refused_unchanged(history, *_args(command, outside)),
              "has no commits yet on branch leeg: commit the data first")


@pytest.mark.parametrize("command", GIT_COMMANDS, ids=GIT_IDS)
def test_not_inside_a_git_repository(history, tmp_path, outside, command):
    root = _fresh_copy(history, tmp_path / "los", init=False)
    one_error(refused_unchanged(root, *_args(command, outside)),
              f"{root} is not inside a git repository")


def test_detached_head_reads_but_does_not_record(history):
    git(history, "checkout", "--quiet", "--detach", "HEAD")
    detached = head(history)
    # A record committed on a detached HEAD would belong to no branch: refused.
    for args in (["vaststellen", "noord", "v2", "--besluit", "2024-03-01"],
                 ["sign", "noord", "zorg-en-co", "--version", "v1", "--date", "2024-03-01",
                  "--place", "Assen"]):
        one_error(refused_unchanged(history, *args),
                  f"HEAD is detached (at {detached[:10]}): a record committed there would belong "
                  "to no branch; switch to the branch that holds the register first (git switch main)")
    assert "v1" in ok(cli(history, "versions", "noord")).output
    assert "1 of 2 parties signed." in ok(cli(history, "status", "noord")).output
    assert "adviseurs" in ok(cli(history, "diff", "noord")).output
    ok(cli(history, "diff", "noord", "HEAD~1", "HEAD"))
    ok(cli(history, "wijzigingsvoorstel", "noord", "v1", "HEAD", "--format", "docx"))
    assert (history / "build/noord/wijzigingsvoorstel").is_dir()
    git(history, "switch", "--quiet", "main")
    ok(cli(history, "vaststellen", "noord", "v2", "--besluit", "2024-03-01"))


@pytest.fixture
def shallow(history, tmp_path) -> Path:
    """A clone of ``history`` with only its last commit: v1's revision is not in it."""
    clone = tmp_path / "ondiep"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", history.as_uri(), str(clone)],
                   check=True, capture_output=True)
    git(clone, "config", "user.name", "Secretariaat ZVH")
    git(clone, "config", "user.email", "secretariaat@example.org")
    return clone


SHALLOW = "; this is a shallow clone, without the older history: `git fetch --unshallow` fetches it"


@pytest.mark.parametrize("args, message", [
    (["versions", "noord"], "the log starts at commit {v1}, which is not in this repository" + SHALLOW),
    (["diff", "noord"], "version 'v1' names commit {v1}, which is not in this repository" + SHALLOW),
    (["diff", "noord", "v1", "HEAD"], "version 'v1' names commit {v1}, which is not in this repository"),
    (["diff", "noord", "HEAD~1"], "'HEAD~1' is neither a recorded version of noord (v1) nor a git "
                                  "revision" + SHALLOW),
    (["wijzigingsvoorstel", "noord", "v1", "HEAD", "--format", "docx"],
     "version 'v1' names commit {v1}, which is not in this repository" + SHALLOW),
    (["pakket", "noord"], "version 'v1' names commit {v1}, which is not in this repository" + SHALLOW),
    (["vaststellen", "noord", "v2", "--besluit", "2024-03-01", "--rev", "HEAD~1"],
     "'HEAD~1' is not a git revision"),
], ids=["versions", "diff latest", "diff v1", "diff HEAD~1", "wijzigingsvoorstel", "pakket",
        "vaststellen --rev"])
def test_a_shallow_clone_without_the_revision(shallow, args, message):
    v1 = yaml.safe_load((shallow / "register/noord.yaml").read_text())["versies"][0]["revisie"]
    one_error(refused_unchanged(shallow, *args), message.format(v1=v1[:10]))


def test_a_shallow_clone_works_with_what_it_has(shallow):
    assert "1 of 2 parties signed." in ok(cli(shallow, "status", "noord")).output
    ok(cli(shallow, "vaststellen", "noord", "v2", "--besluit", "2024-03-01"))
    assert "v2" in ok(cli(shallow, "versions", "noord")).output
    assert "Ongewijzigd" in ok(cli(shallow, "diff", "noord", "v2")).output


@pytest.mark.parametrize("args, message", [
    (["diff", "noord"], "version 'v1' names commit {gone}, which is not in this repository"),
    (["diff", "noord", "v1", "HEAD"], "version 'v1' names commit {gone}, which is not in this repository"),
    (["wijzigingsvoorstel", "noord", "v1", "HEAD", "--format", "docx"],
     "version 'v1' names commit {gone}, which is not in this repository"),
    (["pakket", "noord"], "version 'v1' names commit {gone}, which is not in this repository"),
    (["versions", "noord"], "the log starts at commit {gone}, which is not in this repository"),
], ids=["diff latest", "diff v1", "wijzigingsvoorstel", "pakket", "versions"])
def test_a_recorded_revision_missing_from_the_repository(history, args, message):
    gone = "0123456789abcdef0123456789abcdef01234567"
    register = history / "register/noord.yaml"
    register.write_text(_with_revision(register.read_text(), gone))
    commit_all(history, "revisie die er niet is")
    line = one_error(refused_unchanged(history, *args), message.format(gone=gone[:10]))
    assert "shallow" not in line


# git's own revision syntax, which gitpython's parser does not all know.
def _revisions(root) -> dict[str, str]:
    """Name → sha of the commits the syntax below should find."""
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    git(root, "checkout", "--quiet", "-b", "ander")
    git(root, "checkout", "--quiet", "main")
    git(root, "tag", "blob-tag", "HEAD:clauses/slot.md")
    git(root, "tag", "-a", "-m", "een blob", "blob-tag-annotated", "HEAD:clauses/slot.md")
    git(root, "tag", "-a", "-m", "vastgesteld", "tag-annotated", first)
    return {"first": first, "head": head(root), "previous": git(root, "rev-parse", "HEAD~1").strip()}


@pytest.mark.parametrize("rev, expected", [
    ("@{-1}", "head"),                 # the branch checked out before
    ("main@{1}", "previous"),          # main's reflog
    ("HEAD@{0}", "head"),
    ("HEAD@{yesterday}", None),        # reflog by date: whatever git says, no traceback
    (":/adviseurs", "head"),           # the newest commit whose message matches
    (":/Convenanten vastgelegd", "first"),
    ("tag-annotated", "first"),        # a tag of a commit is that commit
    ("HEAD~1^{commit}", "previous"),
])
def test_git_revision_syntax(history, rev, expected):
    revs = _revisions(history)
    for args in (["diff", "noord", rev, "HEAD"], ["diff", "noord", "--", rev, "HEAD"]):
        ok(cli(history, *args))
    if expected is not None:
        label = revs[expected][:10]
        result = ok(cli(history, "diff", "noord", rev, "HEAD", "--format", "html"))
        assert f"build/noord/renvooi/{label}..{revs['head'][:10]}.html" in result.output


@pytest.mark.parametrize("rev, message", [
    ("HEAD^{tree}", "'HEAD^{tree}' names a tree, not a commit"),
    ("HEAD:clauses", "'HEAD:clauses' names a tree, not a commit"),
    ("HEAD:clauses/slot.md", "'HEAD:clauses/slot.md' names a blob, not a commit"),
    ("blob-tag", "'blob-tag' names a blob, not a commit"),
    ("blob-tag-annotated", "'blob-tag-annotated' names a blob, not a commit"),
    (":/tekst die geen bericht heeft", "':/tekst die geen bericht heeft' is neither a recorded "
                                       "version of noord (v1) nor a git revision"),
    ("HEAD~99", "'HEAD~99' is neither a recorded version"),
    ("-h", "'-h' is neither a recorded version"),
    ("--output={out}", "'--output={out}' is neither a recorded version"),
    ("--all", "'--all' is neither a recorded version"),
    ("--", "'--' is neither a recorded version"),
])
def test_revisions_that_are_not_commits(history, rev, message):
    _revisions(history)
    out = history / "geschreven.txt"  # where git would write it: it runs in the work tree
    rev, message = rev.replace("{out}", out.name), message.replace("{out}", out.name)
    for args in (["diff", "noord", "--", rev], ["diff", "noord", "--", "HEAD", rev],
                 ["wijzigingsvoorstel", "noord", "--format", "docx", "--", rev, "HEAD"],
                 ["vaststellen", "noord", "v2", "--besluit", "2024-03-01", f"--rev={rev}"]):
        expected = message if args[0] != "vaststellen" or "names a" in message \
            else f"{rev!r} is not a git revision"
        one_error(refused_unchanged(history, *args), expected)
    assert not out.exists()  # "--output=..." was never an option of a git command


def test_vaststellen_takes_gits_revision_syntax(history):
    revs = _revisions(history)
    ok(cli(history, "vaststellen", "noord", "v2", "--besluit", "2024-03-01", "--rev", ":/adviseurs"))
    data = yaml.safe_load((history / "register/noord.yaml").read_text())
    assert data["versies"][-1]["revisie"] == revs["head"]


def test_a_data_root_in_a_subfolder_of_the_repository(tmp_path):
    outer = init_repo(tmp_path / "outer", files={f"data/{k}": v for k, v in tiny_files().items()})
    root = outer / "data"
    _recorded_then_changed(root)
    assert "v1" in ok(cli(root, "versions", "noord")).output
    assert "adviseurs" in ok(cli(root, "diff", "noord")).output
    ok(cli(root, "diff", "noord", "v1", "HEAD", "--format", "html"))
    ok(cli(root, "pakket", "noord", "--party", "zorg-en-co"))  # v1's text read from git
    assert git(outer, "show", "--name-only", "--format=", "HEAD~1").split() == ["data/register/noord.yaml"]


def test_a_data_root_inside_a_bare_repository(tmp_path):
    bare = tmp_path / "kaal.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    root = bare / "data"
    for name, text in tiny_files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for args in (["versions", "noord"], ["diff", "noord", "HEAD"],
                 ["vaststellen", "noord", "v1", "--besluit", "2024-01-01"]):
        one_error(refused_unchanged(root, *args), "is inside a bare git repository")
